//! Docker's `HumanDuration` (go-units `duration.go`): "14 seconds", "About a minute", ...

use swarm_core::SimDuration;

/// The capitalised text docker prints for a duration (`units.HumanDuration`).
pub fn human_duration(d: SimDuration) -> String {
    let seconds = d.whole_secs();
    if seconds < 1 {
        return "Less than a second".into();
    }
    if seconds == 1 {
        return "1 second".into();
    }
    if seconds < 60 {
        return format!("{seconds} seconds");
    }
    let minutes = seconds / 60;
    if minutes == 1 {
        return "About a minute".into();
    }
    if minutes < 60 {
        return format!("{minutes} minutes");
    }
    // int(d.Hours() + 0.5): hours rounded half up, computed in milliseconds to stay exact.
    let hours = (d.as_millis() + 1_800_000) / 3_600_000;
    if hours == 1 {
        return "About an hour".into();
    }
    if hours < 48 {
        return format!("{hours} hours");
    }
    if hours < 24 * 7 * 2 {
        return format!("{} days", hours / 24);
    }
    if hours < 24 * 30 * 2 {
        return format!("{} weeks", hours / 24 / 7);
    }
    if hours < 24 * 365 * 2 {
        return format!("{} months", hours / 24 / 30);
    }
    format!("{} years", d.as_millis() / 3_600_000 / 24 / 365)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn matches_go_units_table() {
        let cases: &[(u64, &str)] = &[
            (0, "Less than a second"),
            (999, "Less than a second"),
            (1_000, "1 second"),
            (14_900, "14 seconds"),
            (59_999, "59 seconds"),
            (60_000, "About a minute"),
            (119_000, "About a minute"),
            (120_000, "2 minutes"),
            (59 * 60_000, "59 minutes"),
            (60 * 60_000, "About an hour"),
            (89 * 60_000, "About an hour"),
            (90 * 60_000, "2 hours"),
            (47 * 3_600_000 + 24 * 60_000, "47 hours"),
            (48 * 3_600_000, "2 days"),
            (14 * 24 * 3_600_000, "2 weeks"),
            (60 * 24 * 3_600_000, "2 months"),
            (2 * 365 * 24 * 3_600_000, "2 years"),
        ];
        for &(ms, text) in cases {
            assert_eq!(human_duration(SimDuration::from_millis(ms)), text, "{ms} ms");
        }
    }
}

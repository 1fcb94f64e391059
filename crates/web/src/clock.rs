//! The page's simulated clock: maps wall-clock frames to simulated time. Pure, no web APIs.
//!
//! The page reads the wall clock (animation-frame timestamps) and hands it here; this decides
//! how far simulated time moves: not at all while paused, `speed` times the wall time
//! otherwise, and never more than `FRAME_GAP_MAX_MS` of wall time per frame, so a tab that was
//! hidden for a minute does not lurch a minute ahead when it comes back.

use swarm_core::SimTime;

/// The longest wall-clock gap between two frames that still counts in full.
pub const FRAME_GAP_MAX_MS: f64 = 250.0;

#[derive(Debug, Clone, PartialEq)]
pub struct SimClock {
    sim_ms: f64,
    last_wall_ms: Option<f64>,
    paused: bool,
    speed: f64,
}

impl Default for SimClock {
    fn default() -> SimClock {
        SimClock { sim_ms: 0.0, last_wall_ms: None, paused: false, speed: 1.0 }
    }
}

impl SimClock {
    /// Takes the wall-clock time of a new frame and advances simulated time accordingly.
    pub fn tick(&mut self, wall_ms: f64) {
        if let Some(last) = self.last_wall_ms
            && !self.paused
        {
            let gap = (wall_ms - last).clamp(0.0, FRAME_GAP_MAX_MS);
            self.sim_ms += gap * self.speed;
        }
        self.last_wall_ms = Some(wall_ms);
    }

    /// Puts simulated time at `t` at once: the session moved it (a `sleep` ahead, a rewind
    /// back), and the clock follows the session.
    pub fn set_now(&mut self, t: SimTime) {
        self.sim_ms = t.as_millis() as f64;
    }

    pub fn now(&self) -> SimTime {
        SimTime::from_millis(self.sim_ms as u64)
    }

    pub fn is_paused(&self) -> bool {
        self.paused
    }

    pub fn set_paused(&mut self, paused: bool) {
        self.paused = paused;
    }

    pub fn speed(&self) -> f64 {
        self.speed
    }

    /// Sets how many simulated milliseconds pass per wall-clock millisecond (clamped to
    /// 0.25..=100).
    pub fn set_speed(&mut self, speed: f64) {
        self.speed = if speed.is_finite() { speed.clamp(0.25, 100.0) } else { 1.0 };
    }
}

/// `01:02.3`: minutes, seconds and tenths, as the page shows the simulated clock.
pub fn format_clock(t: SimTime) -> String {
    let ms = t.as_millis();
    format!("{:02}:{:02}.{}", ms / 60_000, ms / 1000 % 60, ms / 100 % 10)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_clock_follows_the_session_both_ways() {
        let mut clock = SimClock::default();
        clock.set_now(SimTime::from_secs(10));
        assert_eq!(clock.now(), SimTime::from_secs(10));
        clock.set_now(SimTime::from_secs(3));
        assert_eq!(clock.now(), SimTime::from_secs(3));
    }

    #[test]
    fn first_frame_only_sets_the_anchor() {
        let mut clock = SimClock::default();
        clock.tick(5_000.0);
        assert_eq!(clock.now(), SimTime::ZERO);
        clock.tick(5_016.0);
        assert_eq!(clock.now().as_millis(), 16);
    }

    #[test]
    fn paused_clock_stands_still_and_resumes_without_a_jump() {
        let mut clock = SimClock::default();
        clock.tick(0.0);
        clock.tick(100.0);
        clock.set_paused(true);
        clock.tick(200.0);
        clock.tick(10_000.0);
        assert_eq!(clock.now().as_millis(), 100);
        clock.set_paused(false);
        clock.tick(10_050.0);
        assert_eq!(clock.now().as_millis(), 150);
    }

    #[test]
    fn speed_scales_and_long_gaps_are_capped() {
        let mut clock = SimClock::default();
        clock.set_speed(4.0);
        clock.tick(0.0);
        clock.tick(100.0);
        assert_eq!(clock.now().as_millis(), 400);
        clock.tick(60_100.0);
        assert_eq!(clock.now().as_millis(), 400 + (FRAME_GAP_MAX_MS * 4.0) as u64);
        clock.set_speed(f64::NAN);
        assert_eq!(clock.speed(), 1.0);
        clock.set_speed(1e9);
        assert_eq!(clock.speed(), 100.0);
    }

    #[test]
    fn clock_text() {
        assert_eq!(format_clock(SimTime::from_millis(62_345)), "01:02.3");
        assert_eq!(format_clock(SimTime::ZERO), "00:00.0");
    }
}

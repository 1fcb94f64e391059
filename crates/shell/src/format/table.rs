//! Docker's table layout: a tab writer with min width 10, padding 3, padding by spaces.
//!
//! Written by hand because it must match docker byte for byte: every cell but the last of a
//! row is padded to its column's width (so rows with empty trailing columns end in spaces),
//! and the last cell is written as is. Widths count characters, as docker's runewidth does for
//! the text we print.

const MIN_WIDTH: usize = 10;
const PADDING: usize = 3;

/// Lays out `rows` (the header first) the way `docker service ps` and friends do.
pub fn render_table(rows: &[Vec<String>]) -> String {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut widths = vec![MIN_WIDTH; columns];
    for row in rows {
        // The last cell of a row is not tab-terminated, so it does not size its column.
        for (i, cell) in row.iter().enumerate().take(row.len().saturating_sub(1)) {
            widths[i] = widths[i].max(cell.chars().count() + PADDING);
        }
    }
    let mut out = String::new();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            out.push_str(cell);
            if i + 1 < row.len() {
                let pad = widths[i] - cell.chars().count();
                out.extend(std::iter::repeat_n(' ', pad));
            }
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn row(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|c| c.to_string()).collect()
    }

    #[test]
    fn columns_are_min_ten_wide_plus_padding_and_the_last_is_bare() {
        let text = render_table(&[
            row(&["ID", "NAME", "ERROR", "PORTS"]),
            row(&["k401zhyght41", "myweb3.1", "", ""]),
        ]);
        assert_eq!(
            text,
            "ID             NAME       ERROR     PORTS\n\
             k401zhyght41   myweb3.1             \n"
        );
    }
}

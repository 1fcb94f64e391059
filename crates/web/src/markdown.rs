//! The Markdown subset of a lesson's text, parsed into plain data: the lesson panel renders it
//! as text nodes, so nothing in a lesson is ever read as HTML.
//!
//! Blocks: paragraphs (separated by blank lines; the lines of one joined with a space), `- ` and
//! `* ` bullet lists, `1. ` numbered lists (an item's following lines join it; no nesting: an
//! indented item is an item of the same list), and code fenced with three backticks or more.
//! Inlines: `code`, **strong**, *emphasis* and _emphasis_ (an `_` inside a word is text, as in
//! `MYSQL_ROOT_PASSWORD`), `[text](url)` links, and backslash escapes. A link is a link only
//! when its url is `http://` or `https://`, or relative (a path, a `?query` or a `#fragment`,
//! no scheme); any other (`javascript:`, `data:`, `//host`) stays the text it was written as.
//! No headings, images, HTML, entities or reference links: they are text too.
//!
//! The work is bounded: at most `TEXT_BYTES_MAX` of text (a whole lesson file is no larger),
//! markers nested at most `NESTING_MAX` deep (deeper ones are text, which also bounds the
//! renderer's recursion), a link's url at most `URL_BYTES_MAX` long and 32 parentheses deep;
//! each byte is looked at a bounded number of times, so hostile text costs time in proportion
//! to its length.

use std::collections::BTreeMap;

/// Text parsed at most; the rest is dropped (a lesson file is at most this large).
pub const TEXT_BYTES_MAX: usize = 64 * 1024;
/// Strong, emphasis and link text nested at most this deep; deeper markers are text.
pub const NESTING_MAX: usize = 16;
/// A link's url at most this long; a longer one is text (and a `](` costs no more to look at).
pub const URL_BYTES_MAX: usize = 2048;
/// Parentheses nested in a link's url at most (as CommonMark).
const PARENS_MAX: usize = 32;

/// A block of text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Paragraph(Vec<Inline>),
    /// Each item's text.
    BulletList(Vec<Vec<Inline>>),
    /// The first item's number, and each item's text.
    NumberedList {
        start: u32,
        items: Vec<Vec<Inline>>,
    },
    /// A fenced code block's lines, as written.
    Code(String),
}

/// A run of text in a block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inline {
    Text(String),
    Code(String),
    Strong(Vec<Inline>),
    Emphasis(Vec<Inline>),
    /// A link whose url passed `is_safe_url`.
    Link {
        url: String,
        content: Vec<Inline>,
    },
}

/// Parses lesson text (its first `TEXT_BYTES_MAX` bytes).
pub fn parse(text: &str) -> Vec<Block> {
    let mut end = text.len().min(TEXT_BYTES_MAX);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let lines: Vec<&str> = text[..end].lines().collect();
    let mut blocks = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if line.trim().is_empty() {
            i += 1;
        } else if let Some((indent, ticks)) = fence_open(line) {
            i += 1;
            let mut code = Vec::new();
            // An unclosed fence runs to the end, as in CommonMark.
            while i < lines.len() && !is_fence_close(lines[i], ticks) {
                code.push(strip_spaces(lines[i], indent));
                i += 1;
            }
            i += 1;
            blocks.push(Block::Code(code.join("\n")));
        } else if let Some(first) = list_item(line) {
            let numbered = first.number.is_some();
            let mut items: Vec<Vec<&str>> = vec![vec![first.text]];
            i += 1;
            while i < lines.len() {
                let line = lines[i];
                if line.trim().is_empty() {
                    // The list goes on past blank lines to an item of its kind.
                    let next = (i..lines.len()).find(|&n| !lines[n].trim().is_empty());
                    match next.and_then(|n| Some((n, list_item(lines[n])?))) {
                        Some((n, item)) if item.number.is_some() == numbered => i = n,
                        _ => break,
                    }
                    continue;
                }
                if fence_open(line).is_some() {
                    break;
                }
                match list_item(line) {
                    Some(item) if item.number.is_some() == numbered => items.push(vec![item.text]),
                    Some(_) => break,
                    // Not an item: the item's text goes on.
                    None => items.last_mut().expect("a first item").push(line.trim()),
                }
                i += 1;
            }
            let items = items.iter().map(|lines| inlines(&lines.join(" "))).collect();
            blocks.push(match first.number {
                Some(start) => Block::NumberedList { start, items },
                None => Block::BulletList(items),
            });
        } else {
            let mut paragraph = vec![line.trim()];
            i += 1;
            while i < lines.len() && !interrupts_paragraph(lines[i]) {
                paragraph.push(lines[i].trim());
                i += 1;
            }
            blocks.push(Block::Paragraph(inlines(&paragraph.join(" "))));
        }
    }
    blocks
}

/// Whether a link may point at `url`: `http://` or `https://` with a host, or relative (a
/// path, a query, a fragment) with no scheme at all. Anything a browser could read as another
/// scheme (a colon before the first `/`, `?` or `#`), as another host (`//host`, or `/\host`,
/// which browsers read alike), or after stripping characters (controls, whitespace) is not.
pub fn is_safe_url(url: &str) -> bool {
    if url.is_empty() || url.chars().any(|c| c.is_control() || c.is_whitespace() || c == '\\') {
        return false;
    }
    let has_prefix = |prefix: &str| {
        url.len() > prefix.len()
            && url.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
    };
    if has_prefix("https://") || has_prefix("http://") {
        return true;
    }
    if url.starts_with("//") {
        return false;
    }
    let head = url.split(['/', '?', '#']).next().unwrap_or_default();
    !head.contains(':')
}

/// Whether a link leaves the page (all but `#fragment` links): the panel opens those in a new
/// tab, so that a click does not take the learner away from the swarm they built.
pub fn opens_elsewhere(url: &str) -> bool {
    !url.starts_with('#')
}

/// A list item's marker: its number for a numbered item.
struct ListItem<'a> {
    number: Option<u32>,
    text: &'a str,
}

/// `- text`, `* text` or `12. text` (up to 9 digits, as CommonMark).
fn list_item(line: &str) -> Option<ListItem<'_>> {
    let trimmed = line.trim_start();
    if let Some(rest) = trimmed.strip_prefix('-').or_else(|| trimmed.strip_prefix('*')) {
        return after_marker(rest).map(|text| ListItem { number: None, text });
    }
    let digits = trimmed.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=9).contains(&digits) {
        let rest = trimmed[digits..].strip_prefix('.')?;
        let number = trimmed[..digits].parse().ok()?;
        return after_marker(rest).map(|text| ListItem { number: Some(number), text });
    }
    None
}

/// An item's text after its marker, which a space or a tab ends (or the line).
fn after_marker(rest: &str) -> Option<&str> {
    match rest.chars().next() {
        None => Some(""),
        Some(' ' | '\t') => Some(rest.trim()),
        Some(_) => None,
    }
}

/// Whether `line` ends the paragraph before it: a blank line, a fence, a bullet item, or a
/// numbered item starting at 1 (as CommonMark, so that a sentence's `1984. ` goes on).
fn interrupts_paragraph(line: &str) -> bool {
    line.trim().is_empty()
        || fence_open(line).is_some()
        || list_item(line).is_some_and(|item| !matches!(item.number, Some(n) if n != 1))
}

/// A code fence's indentation and backticks: three or more, then an info string (dropped)
/// without backticks.
fn fence_open(line: &str) -> Option<(usize, usize)> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    let rest = &line[indent..];
    let ticks = rest.bytes().take_while(|&b| b == b'`').count();
    (ticks >= 3 && !rest[ticks..].contains('`')).then_some((indent, ticks))
}

/// Whether `line` closes a fence of `ticks` backticks: as many or more, alone.
fn is_fence_close(line: &str, ticks: usize) -> bool {
    let trimmed = line.trim();
    trimmed.len() >= ticks && trimmed.bytes().all(|b| b == b'`')
}

/// `line` without up to `count` leading spaces (a fence's indentation).
fn strip_spaces(line: &str, count: usize) -> &str {
    let spaces = line.bytes().take(count).take_while(|&b| b == b' ').count();
    &line[spaces..]
}

/// What opened a frame of the inline parser.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Opener {
    Root,
    Strong(u8),
    Emphasis(u8),
    /// A `[`; inactive inside a link's text, where no link may start.
    Bracket {
        active: bool,
    },
}

impl Opener {
    /// The text it was, when it turns out to open nothing.
    fn literal(self) -> &'static str {
        match self {
            Opener::Root => "",
            Opener::Strong(b'_') => "__",
            Opener::Strong(_) => "**",
            Opener::Emphasis(b'_') => "_",
            Opener::Emphasis(_) => "*",
            Opener::Bracket { .. } => "[",
        }
    }
}

/// An opened marker and what came after it.
struct Frame {
    opener: Opener,
    content: Vec<Inline>,
}

/// Appends text, joining it to the text before.
fn push_text(content: &mut Vec<Inline>, text: &str) {
    if text.is_empty() {
        return;
    }
    match content.last_mut() {
        Some(Inline::Text(last)) => last.push_str(text),
        _ => content.push(Inline::Text(text.to_string())),
    }
}

fn extend(content: &mut Vec<Inline>, more: Vec<Inline>) {
    for inline in more {
        match inline {
            Inline::Text(text) => push_text(content, &text),
            other => content.push(other),
        }
    }
}

/// The inline parser: a stack of open markers over the text, left to right. A closer looks
/// for its opener among at most `NESTING_MAX` frames, and what lies between them becomes text
/// once: no backtracking.
struct Inlines<'a> {
    text: &'a str,
    stack: Vec<Frame>,
    /// Where each backtick run of each length starts, in order: a code span's closer is found
    /// by a binary search, not by scanning the rest of the text again.
    tick_runs: BTreeMap<usize, Vec<usize>>,
}

/// Parses one paragraph's or item's text.
fn inlines(text: &str) -> Vec<Inline> {
    let mut parser = Inlines {
        text,
        stack: vec![Frame { opener: Opener::Root, content: Vec::new() }],
        tick_runs: tick_runs(text),
    };
    parser.run();
    parser.close_above(0);
    parser.stack.pop().map(|root| root.content).unwrap_or_default()
}

/// Where each run of backticks starts, by its length.
fn tick_runs(text: &str) -> BTreeMap<usize, Vec<usize>> {
    let bytes = text.as_bytes();
    let mut runs: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'`' {
            let len = run_length(bytes, i);
            runs.entry(len).or_default().push(i);
            i += len;
        } else {
            i += 1;
        }
    }
    runs
}

fn run_length(bytes: &[u8], at: usize) -> usize {
    bytes[at..].iter().take_while(|&&b| b == bytes[at]).count()
}

impl<'a> Inlines<'a> {
    fn run(&mut self) {
        let bytes = self.text.as_bytes();
        let mut i = 0;
        // Plain text not yet added, from here to `i`.
        let mut plain = 0;
        while i < bytes.len() {
            // Every special byte is ASCII: slicing at one is slicing at a char boundary.
            match bytes[i] {
                b'\\' if bytes.get(i + 1).is_some_and(u8::is_ascii_punctuation) => {
                    self.flush(plain, i);
                    self.push_text(&self.text[i + 1..i + 2]);
                    i += 2;
                    plain = i;
                }
                b'`' => {
                    let ticks = run_length(bytes, i);
                    match self.code_span_end(i, ticks) {
                        Some(close) => {
                            self.flush(plain, i);
                            let code = code_text(&self.text[i + ticks..close]);
                            self.top().push(Inline::Code(code));
                            i = close + ticks;
                            plain = i;
                        }
                        // No closer: the backticks are text.
                        None => i += ticks,
                    }
                }
                marker @ (b'*' | b'_') => {
                    self.flush(plain, i);
                    let count = run_length(bytes, i);
                    let before = self.text[..i].chars().next_back();
                    let after = self.text[i + count..].chars().next();
                    self.delimiters(marker, count, before, after);
                    i += count;
                    plain = i;
                }
                b'[' => {
                    self.flush(plain, i);
                    self.open(Opener::Bracket { active: true }, "[");
                    i += 1;
                    plain = i;
                }
                b']' => {
                    self.flush(plain, i);
                    i = self.close_bracket(i);
                    plain = i;
                }
                _ => i += 1,
            }
        }
        self.flush(plain, bytes.len());
    }

    fn top(&mut self) -> &mut Vec<Inline> {
        &mut self.stack.last_mut().expect("the root frame").content
    }

    fn push_text(&mut self, text: &str) {
        push_text(self.top(), text);
    }

    fn flush(&mut self, from: usize, to: usize) {
        if from < to {
            let text = self.text;
            self.push_text(&text[from..to]);
        }
    }

    /// Opens a frame, or, `NESTING_MAX` deep, adds the marker as text.
    fn open(&mut self, opener: Opener, literal: &str) {
        if self.stack.len() > NESTING_MAX {
            self.push_text(literal);
        } else {
            self.stack.push(Frame { opener, content: Vec::new() });
        }
    }

    /// Turns the frames above `index` back into text: their markers opened nothing.
    fn close_above(&mut self, index: usize) {
        while self.stack.len() > index + 1 {
            let frame = self.stack.pop().expect("a frame above");
            let parent = self.top();
            push_text(parent, frame.opener.literal());
            extend(parent, frame.content);
        }
    }

    /// Where the code span opened by `ticks` backticks at `at` closes: the next run of exactly
    /// as many.
    fn code_span_end(&self, at: usize, ticks: usize) -> Option<usize> {
        let runs = self.tick_runs.get(&ticks)?;
        let next = runs.partition_point(|&start| start <= at);
        runs.get(next).copied()
    }

    /// A run of `*` or `_`: closes what it can, opens with the rest when it may, and is text
    /// otherwise. Whether it may open or close follows CommonMark's flanking rules.
    fn delimiters(&mut self, marker: u8, count: usize, before: Option<char>, after: Option<char>) {
        let space = |c: Option<char>| c.is_none_or(char::is_whitespace);
        let punctuation = |c: Option<char>| c.is_some_and(|c| c.is_ascii_punctuation());
        let left = !space(after) && (!punctuation(after) || space(before) || punctuation(before));
        let right = !space(before) && (!punctuation(before) || space(after) || punctuation(after));
        let (can_open, can_close) = if marker == b'_' {
            // Not inside a word: `MYSQL_ROOT_PASSWORD` is text.
            (left && (!right || punctuation(before)), right && (!left || punctuation(after)))
        } else {
            (left, right)
        };
        let mut left_over = count;
        while can_close && left_over > 0 {
            // The nearest opener of this marker, not past a `[` (link text closes its own).
            let found = self.stack.iter().rposition(|f| {
                matches!(f.opener, Opener::Strong(m) | Opener::Emphasis(m) if m == marker)
                    || matches!(f.opener, Opener::Root | Opener::Bracket { .. })
            });
            let Some(index) = found else { break };
            let strong = match self.stack[index].opener {
                Opener::Strong(_) if left_over >= 2 => true,
                Opener::Strong(_) => {
                    // `**a*`: the opener's first marker is text, the second opens emphasis.
                    push_text(&mut self.stack[index - 1].content, &(marker as char).to_string());
                    self.stack[index].opener = Opener::Emphasis(marker);
                    false
                }
                Opener::Emphasis(_) => false,
                Opener::Root | Opener::Bracket { .. } => break,
            };
            self.close_above(index);
            let frame = self.stack.pop().expect("the opener's frame");
            let inline = if strong {
                Inline::Strong(frame.content)
            } else {
                Inline::Emphasis(frame.content)
            };
            self.top().push(inline);
            left_over -= if strong { 2 } else { 1 };
        }
        while can_open && left_over > 0 && self.stack.len() <= NESTING_MAX {
            if left_over >= 2 {
                self.stack.push(Frame { opener: Opener::Strong(marker), content: Vec::new() });
                left_over -= 2;
            } else {
                self.stack.push(Frame { opener: Opener::Emphasis(marker), content: Vec::new() });
                left_over -= 1;
            }
        }
        let text = (marker as char).to_string().repeat(left_over);
        self.push_text(&text);
    }

    /// A `]` at `at`: with an open `[` and a safe `(url)` after it, a link; otherwise text.
    /// Returns where the text goes on.
    fn close_bracket(&mut self, at: usize) -> usize {
        let found = self.stack.iter().rposition(|f| matches!(f.opener, Opener::Bracket { .. }));
        let Some(index) = found else {
            self.push_text("]");
            return at + 1;
        };
        let active = self.stack[index].opener == (Opener::Bracket { active: true });
        let destination = if active { self.destination(at + 1) } else { None };
        // Markers opened in the link text and not closed there are text.
        self.close_above(index);
        let frame = self.stack.pop().expect("the bracket's frame");
        match destination {
            Some((url, end)) if is_safe_url(url) => {
                self.top().push(Inline::Link { url: url.to_string(), content: frame.content });
                // No link inside a link: the brackets around this one are text.
                for outer in &mut self.stack {
                    if let Opener::Bracket { active } = &mut outer.opener {
                        *active = false;
                    }
                }
                end
            }
            _ => {
                // Not a link: all of it is the text it was written as.
                self.push_text("[");
                extend(self.top(), frame.content);
                self.push_text("]");
                at + 1
            }
        }
    }

    /// A link's `(url)` at `at`: the url (parentheses inside balanced and at most `PARENS_MAX`
    /// deep, no whitespace, at most `URL_BYTES_MAX`) and where the text goes on after it.
    fn destination(&self, at: usize) -> Option<(&'a str, usize)> {
        let text = self.text;
        let bytes = text.as_bytes();
        if bytes.get(at) != Some(&b'(') {
            return None;
        }
        let mut depth = 0usize;
        let start = at + 1;
        let end = bytes.len().min(start + URL_BYTES_MAX + 1);
        for (i, &b) in bytes.iter().enumerate().take(end).skip(start) {
            match b {
                b if b.is_ascii_whitespace() || b.is_ascii_control() => return None,
                // CommonMark's bound too: a scan that does not close stops within 32 `(`, so
                // the scans of many `](` in a row do not each run to `URL_BYTES_MAX`.
                b'(' if depth == PARENS_MAX => return None,
                b'(' => depth += 1,
                b')' if depth == 0 => return Some((&text[start..i], i + 1)),
                b')' => depth -= 1,
                _ => {}
            }
        }
        None
    }
}

/// A code span's text: one space stripped from each end when both have one (so that
/// `` `` ` `` `` shows a backtick), unless it is all spaces.
fn code_text(text: &str) -> String {
    let stripped = text
        .strip_prefix(' ')
        .and_then(|t| t.strip_suffix(' '))
        .filter(|_| !text.bytes().all(|b| b == b' '));
    stripped.unwrap_or(text).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Inline {
        Inline::Text(s.to_string())
    }
    fn code(s: &str) -> Inline {
        Inline::Code(s.to_string())
    }
    fn paragraph(inlines: Vec<Inline>) -> Vec<Block> {
        vec![Block::Paragraph(inlines)]
    }
    /// `source` parses into one paragraph of exactly that text.
    fn stays_text(source: &str) {
        assert_eq!(parse(source), paragraph(vec![text(source)]), "{source:?}");
    }

    #[test]
    fn paragraphs_are_split_by_blank_lines_and_their_lines_joined() {
        assert_eq!(
            parse("One line\nand the next.\n\n  \nA second\r\nparagraph."),
            [
                Block::Paragraph(vec![text("One line and the next.")]),
                Block::Paragraph(vec![text("A second paragraph.")]),
            ]
        );
        assert_eq!(parse(""), []);
        assert_eq!(parse("\n \n"), []);
    }

    #[test]
    fn bullet_and_numbered_lists() {
        assert_eq!(
            parse("Before:\n- one\n* two\n  goes on\n\n- three\n\nAfter."),
            [
                Block::Paragraph(vec![text("Before:")]),
                Block::BulletList(vec![
                    vec![text("one")],
                    vec![text("two goes on")],
                    vec![text("three")]
                ]),
                Block::Paragraph(vec![text("After.")]),
            ]
        );
        assert_eq!(
            parse("3. `docker node ls`\n4. **drain**\n- a bullet"),
            [
                Block::NumberedList {
                    start: 3,
                    items: vec![
                        vec![code("docker node ls")],
                        vec![Inline::Strong(vec![text("drain")])]
                    ]
                },
                Block::BulletList(vec![vec![text("a bullet")]]),
            ]
        );
        // Only an item numbered 1 interrupts a sentence; a marker needs its space.
        assert_eq!(parse("In\n1984. it was"), paragraph(vec![text("In 1984. it was")]));
        assert_eq!(parse("-not an item\n*neither*"), parse("-not an item *neither*"));
        assert_eq!(
            parse("1234567890. ten digits"),
            paragraph(vec![text("1234567890. ten digits")])
        );
    }

    #[test]
    fn fenced_code_keeps_its_lines_as_written() {
        assert_eq!(
            parse("Run:\n```sh\ndocker service ls\n  <b>*not bold*</b>\n```\nDone."),
            [
                Block::Paragraph(vec![text("Run:")]),
                Block::Code("docker service ls\n  <b>*not bold*</b>".to_string()),
                Block::Paragraph(vec![text("Done.")]),
            ]
        );
        // Indented with its fence; a longer closing fence; an unclosed fence runs to the end.
        assert_eq!(parse("  ```\n  a\n   b\n  ````"), [Block::Code("a\n b".to_string())]);
        assert_eq!(parse("````\n```\nstill code"), [Block::Code("```\nstill code".to_string())]);
    }

    #[test]
    fn inline_code_strong_emphasis_and_links() {
        assert_eq!(
            parse("Run `docker service ps web` **now**, *then* _look_."),
            paragraph(vec![
                text("Run "),
                code("docker service ps web"),
                text(" "),
                Inline::Strong(vec![text("now")]),
                text(", "),
                Inline::Emphasis(vec![text("then")]),
                text(" "),
                Inline::Emphasis(vec![text("look")]),
                text("."),
            ])
        );
        assert_eq!(
            parse("See [the **docs**](https://docs.docker.com/engine/swarm/) or [below](#step-2)."),
            paragraph(vec![
                text("See "),
                Inline::Link {
                    url: "https://docs.docker.com/engine/swarm/".to_string(),
                    content: vec![text("the "), Inline::Strong(vec![text("docs")])],
                },
                text(" or "),
                Inline::Link { url: "#step-2".to_string(), content: vec![text("below")] },
                text("."),
            ])
        );
        assert_eq!(
            parse("***both*** and `` a`b `` and \\*escaped\\*"),
            paragraph(vec![
                Inline::Strong(vec![Inline::Emphasis(vec![text("both")])]),
                text(" and "),
                code("a`b"),
                text(" and *escaped*"),
            ])
        );
        // Parentheses in a url, balanced.
        let wiki = "[x](https://en.wikipedia.org/wiki/Swarm_(disambiguation))";
        assert!(
            matches!(&parse(wiki)[0], Block::Paragraph(p) if matches!(&p[0], Inline::Link { url, .. } if url.ends_with("(disambiguation)")))
        );
    }

    #[test]
    fn underscores_inside_words_and_lone_stars_are_text() {
        stays_text("MYSQL_ROOT_PASSWORD and snake_case_name");
        stays_text("2 * 3 * 4 and a*");
        stays_text("`not closed and ``neither");
    }

    #[test]
    fn only_web_and_relative_urls_make_links() {
        for url in [
            "https://example.com",
            "HTTP://example.com/a?b#c",
            "/lessons/swarm-tour",
            "./next",
            "../up",
            "page.html",
            "?lesson=swarm-tour",
            "#top",
            "docs/a:b",
        ] {
            assert!(is_safe_url(url), "{url}");
        }
        for url in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:msgbox",
            "mailto:a@b",
            "//evil.example",
            "/\\evil.example",
            "\u{1}javascript:alert(1)",
            "java\u{0}script:alert(1)",
            "https://",
            "",
        ] {
            assert!(!is_safe_url(url), "{url:?}");
        }
        assert!(opens_elsewhere("https://example.com") && !opens_elsewhere("#top"));
    }

    #[test]
    fn hostile_text_comes_out_as_text() {
        stays_text("<script>alert(1)</script>");
        stays_text("<img src=x onerror=alert(1)> &amp; &lt;b&gt;");
        stays_text("[x](javascript:alert(1))");
        stays_text("[x](JAVASCRIPT:alert(1)) [y](data:text/html;base64,PHNjcmlwdD4=)");
        stays_text("[x](//evil.example) [x](https://a b) [x](https://a");
        stays_text("**unclosed *markers _everywhere [and ]brackets]");
        stays_text("*a **b _c");
        // Markers in an unsafe link's text keep their meaning; the link is text.
        assert_eq!(
            parse("[*x*](javascript:alert(1))"),
            paragraph(vec![
                text("["),
                Inline::Emphasis(vec![text("x")]),
                text("](javascript:alert(1))")
            ])
        );
        // No link inside a link.
        assert_eq!(
            parse("[a [b](#b)](#a)"),
            paragraph(vec![
                text("[a "),
                Inline::Link { url: "#b".to_string(), content: vec![text("b")] },
                text("](#a)"),
            ])
        );
        let html = "```\n<script>alert(1)</script>\n```";
        assert_eq!(parse(html), [Block::Code("<script>alert(1)</script>".to_string())]);
    }

    /// How deep strong, emphasis and links nest.
    fn depth(inlines: &[Inline]) -> usize {
        inlines
            .iter()
            .map(|i| match i {
                Inline::Strong(c) | Inline::Emphasis(c) | Inline::Link { content: c, .. } => {
                    1 + depth(c)
                }
                Inline::Text(_) | Inline::Code(_) => 0,
            })
            .max()
            .unwrap_or(0)
    }

    /// All the text, markers of strong and emphasis left out.
    fn plain(inlines: &[Inline]) -> String {
        inlines
            .iter()
            .map(|i| match i {
                Inline::Text(t) | Inline::Code(t) => t.clone(),
                Inline::Strong(c) | Inline::Emphasis(c) | Inline::Link { content: c, .. } => {
                    plain(c)
                }
            })
            .collect()
    }

    #[test]
    fn nesting_is_bounded_and_hostile_text_is_cheap() {
        let deep = format!("{}x{}", "*a ".repeat(1000), " b*".repeat(1000));
        let Block::Paragraph(inlines) = &parse(&deep)[0] else { panic!("a paragraph") };
        assert!(depth(inlines) <= NESTING_MAX, "{}", depth(inlines));
        let brackets = format!("{}x{}", "[".repeat(1000), "](#a)".repeat(1000));
        let Block::Paragraph(inlines) = &parse(&brackets)[0] else { panic!("a paragraph") };
        assert!(depth(inlines) <= 1);

        // Inputs that make a naive parser look at the rest of the text again and again, each
        // as large as a lesson file: they parse, all their text kept.
        let size = TEXT_BYTES_MAX;
        for unit in
            ["[a](", "*", "**a", "_a ", "`a``", "[", "]", "](", "\\", "[a]((x)", "[a](()", "*_"]
        {
            let source: String = unit.repeat(size / unit.len());
            let blocks = parse(&source);
            let Block::Paragraph(inlines) = &blocks[0] else { panic!("a paragraph") };
            assert!(depth(inlines) <= NESTING_MAX);
            let kept = plain(inlines).len();
            assert!(kept <= source.len() && kept > 0, "{unit}: {kept}");
        }
        // Larger than a lesson: cut at a character's boundary.
        let long = "é".repeat(TEXT_BYTES_MAX);
        assert_eq!(
            plain(match &parse(&long)[0] {
                Block::Paragraph(p) => p,
                _ => panic!("a paragraph"),
            })
            .len(),
            TEXT_BYTES_MAX
        );
    }

    #[test]
    fn the_builtin_lessons_text_parses_without_stray_markers() {
        for name in swarm_shell::Lesson::builtin_names() {
            let lesson =
                swarm_shell::Lesson::parse(swarm_shell::Lesson::builtin(name).unwrap()).unwrap();
            for step in &lesson.steps {
                for block in parse(&step.text) {
                    let Block::Paragraph(inlines) = block else { panic!("{name}: {block:?}") };
                    for inline in &inlines {
                        if let Inline::Text(t) = inline {
                            assert!(!t.contains('`'), "{name}: {t}");
                        }
                    }
                }
            }
        }
    }
}

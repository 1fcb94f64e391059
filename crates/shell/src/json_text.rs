//! `JsonText`: JSON written piece by piece, as `serde_json::to_string` writes it, for the few
//! texts the page's wasm hands out (share links, and the embedding API's state, lesson and
//! events). Derived `Serialize` types brought serde_json's serializer and per-type code into
//! the wasm; this is one small writer for all of them, checked against serde_json's text.

use std::fmt::Write;

/// A JSON text written piece by piece, exactly as `serde_json::to_string` writes the same
/// values (compact, its escapes).
pub struct JsonText {
    text: String,
    /// Nothing written yet in the array or object just opened (or after a key): the next value
    /// needs no comma before it.
    fresh: bool,
}

impl Default for JsonText {
    fn default() -> JsonText {
        JsonText { text: String::new(), fresh: true }
    }
}

impl JsonText {
    /// The text written.
    pub fn into_text(self) -> String {
        self.text
    }

    /// The comma between two values of an array or two members of an object.
    fn separate(&mut self) {
        if !self.fresh {
            self.text.push(',');
        }
        self.fresh = false;
    }

    /// Opens an array (`[`) or an object (`{`).
    pub fn begin(&mut self, bracket: char) {
        self.separate();
        self.text.push(bracket);
        self.fresh = true;
    }

    /// Closes what `begin` opened (`]` or `}`).
    pub fn end(&mut self, bracket: char) {
        self.text.push(bracket);
        self.fresh = false;
    }

    /// An object's member name (ours: nothing in it to escape); its value comes next.
    pub fn key(&mut self, name: &str) -> &mut JsonText {
        self.separate();
        self.text.push('"');
        self.text.push_str(name);
        self.text.push_str("\":");
        self.fresh = true;
        self
    }

    pub fn null(&mut self) {
        self.separate();
        self.text.push_str("null");
    }

    pub fn bool(&mut self, value: bool) {
        self.separate();
        self.text.push_str(if value { "true" } else { "false" });
    }

    pub fn uint(&mut self, value: u64) {
        self.separate();
        let _ = write!(self.text, "{value}");
    }

    pub fn int(&mut self, value: i64) {
        self.separate();
        let _ = write!(self.text, "{value}");
    }

    pub fn opt_str(&mut self, value: Option<&str>) {
        match value {
            Some(value) => self.str(value),
            None => self.null(),
        }
    }

    /// A string, escaped as serde_json escapes: `"` and `\`, and the control characters below
    /// U+0020 (`\b`, `\t`, `\n`, `\f`, `\r` by name, the others as `\u00xx`); nothing else.
    pub fn str(&mut self, value: &str) {
        self.separate();
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let text = &mut self.text;
        text.push('"');
        let mut plain_from = 0;
        for (i, byte) in value.bytes().enumerate() {
            let named = match byte {
                b'"' => "\\\"",
                b'\\' => "\\\\",
                b'\x08' => "\\b",
                b'\t' => "\\t",
                b'\n' => "\\n",
                b'\x0c' => "\\f",
                b'\r' => "\\r",
                0..0x20 => "",
                _ => continue,
            };
            text.push_str(&value[plain_from..i]);
            if named.is_empty() {
                text.push_str("\\u00");
                text.push(char::from(HEX[usize::from(byte >> 4)]));
                text.push(char::from(HEX[usize::from(byte & 0xf)]));
            } else {
                text.push_str(named);
            }
            plain_from = i + 1;
        }
        text.push_str(&value[plain_from..]);
        text.push('"');
    }
}

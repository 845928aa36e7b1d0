//! CSV as RFC 4180 writes it (comma-separated, CRLF line ends, a field quoted when it holds a
//! comma, a quote or a line break, quotes doubled), and safe to open in a spreadsheet: a text
//! field that starts like a formula (`=`, `+`, `-`, `@`, a tab or a carriage return) gets a
//! leading apostrophe, so it stays text. Numbers are written as they are.

/// One field of a row.
#[derive(Debug, Clone, PartialEq)]
pub enum Field<'a> {
    Text(&'a str),
    Count(u64),
    /// A number with decimals; `None` is an empty field.
    Number(Option<f64>),
    Whole(Option<i64>),
}

/// Appends one row (and its line end) to `out`.
pub fn write_row(out: &mut String, fields: &[Field<'_>]) {
    for (i, field) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        match field {
            Field::Text(text) => push_text(out, text),
            Field::Count(n) => out.push_str(&n.to_string()),
            Field::Number(Some(n)) if n.is_finite() => out.push_str(&format!("{n:.3}")),
            Field::Whole(Some(n)) => out.push_str(&n.to_string()),
            Field::Number(_) | Field::Whole(None) => {}
        }
    }
    out.push_str("\r\n");
}

fn push_text(out: &mut String, text: &str) {
    let formula = text.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let quoted = formula || text.contains([',', '"', '\n', '\r']);
    if quoted {
        out.push('"');
    }
    if formula {
        out.push('\'');
    }
    for c in text.chars() {
        if c == '"' {
            out.push('"');
        }
        out.push(c);
    }
    if quoted {
        out.push('"');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(fields: &[Field<'_>]) -> String {
        let mut out = String::new();
        write_row(&mut out, fields);
        out
    }

    #[test]
    fn fields_are_quoted_only_when_they_must_be() {
        assert_eq!(
            row(&[
                Field::Text("day"),
                Field::Count(3),
                Field::Number(Some(1.5))
            ]),
            "day,3,1.500\r\n"
        );
        assert_eq!(
            row(&[
                Field::Text("a,b"),
                Field::Text("say \"hi\""),
                Field::Text("two\nlines")
            ]),
            "\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n"
        );
        assert_eq!(
            row(&[
                Field::Number(None),
                Field::Whole(None),
                Field::Whole(Some(-4))
            ]),
            ",,-4\r\n"
        );
        assert_eq!(row(&[Field::Text("")]), "\r\n");
    }

    #[test]
    fn text_that_looks_like_a_formula_stays_text() {
        assert_eq!(
            row(&[
                Field::Text("=HYPERLINK(\"x\")"),
                Field::Text("@sum"),
                Field::Text("-1")
            ]),
            "\"'=HYPERLINK(\"\"x\"\")\",\"'@sum\",\"'-1\"\r\n"
        );
        assert_eq!(row(&[Field::Text("plain-text")]), "plain-text\r\n");
    }
}

//! A letter as a document: blocks of plain text, with no format of their own. Markdown
//! (and the screen's preview) are made from it, so every format says the same thing;
//! text is escaped only where a format needs it.

use serde::{Deserialize, Serialize};

/// One part of a letter.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Block {
    /// The letter's title.
    Title(String),
    /// Labelled facts at the top: sender, recipient, dates, references.
    Fields(Vec<(String, String)>),
    Heading(String),
    Paragraph(String),
    Bullets(Vec<String>),
    /// Amounts per pot: a header row, rows, and a total row; the last two columns are
    /// amounts.
    Table {
        header: [String; 3],
        rows: Vec<[String; 3]>,
        total: [String; 3],
    },
    /// The closing, the body, and each signatory's name and title.
    Signature {
        closing: String,
        body: String,
        people: Vec<(String, Option<String>)>,
    },
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    pub blocks: Vec<Block>,
}

impl Document {
    pub fn push(&mut self, block: Block) {
        self.blocks.push(block);
    }

    pub fn heading(&mut self, text: &str) {
        self.push(Block::Heading(text.to_string()));
    }

    pub fn paragraph(&mut self, text: impl Into<String>) {
        self.push(Block::Paragraph(text.into()));
    }

    /// The letter in Markdown: what comes from an application or a person escaped, so
    /// it shows as the text it is.
    pub fn markdown(&self) -> String {
        use super::escape::{block, inline};
        let mut out = String::new();
        for (i, b) in self.blocks.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            match b {
                Block::Title(text) => out.push_str(&format!("# {}\n", inline(text))),
                Block::Fields(fields) => {
                    // Two trailing spaces: a Markdown line break, one fact a line.
                    let last = fields.len().saturating_sub(1);
                    for (j, (label, value)) in fields.iter().enumerate() {
                        let brk = if j == last { "" } else { "  " };
                        out.push_str(&format!("**{}:** {}{brk}\n", inline(label), inline(value)));
                    }
                }
                Block::Heading(text) => out.push_str(&format!("## {}\n", inline(text))),
                Block::Paragraph(text) => out.push_str(&format!("{}\n", block(text))),
                Block::Bullets(items) => {
                    for item in items {
                        out.push_str(&format!("- {}\n", inline(item)));
                    }
                }
                Block::Table {
                    header,
                    rows,
                    total,
                } => {
                    let row = |r: &[String; 3]| {
                        format!(
                            "| {} | {} | {} |\n",
                            inline(&r[0]),
                            inline(&r[1]),
                            inline(&r[2])
                        )
                    };
                    out.push_str(&row(header));
                    out.push_str("| --- | ---: | ---: |\n");
                    for r in rows {
                        out.push_str(&row(r));
                    }
                    out.push_str(&row(total));
                }
                Block::Signature {
                    closing,
                    body,
                    people,
                } => {
                    out.push_str(&format!("{}  \n{}\n", inline(closing), inline(body)));
                    for (name, title) in people {
                        out.push('\n');
                        match title {
                            Some(title) => {
                                out.push_str(&format!("{}  \n{}\n", inline(name), inline(title)));
                            }
                            None => out.push_str(&format!("{}\n", inline(name))),
                        }
                    }
                }
            }
        }
        out
    }

    /// The letter as plain text lines, for reading on the screen.
    pub fn plain(&self) -> String {
        let mut out = String::new();
        for (i, b) in self.blocks.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            match b {
                Block::Title(text) => {
                    out.push_str(text);
                    out.push('\n');
                    out.push_str(&"═".repeat(text.chars().count().min(60)));
                    out.push('\n');
                }
                Block::Fields(fields) => {
                    for (label, value) in fields {
                        out.push_str(&format!("{label}: {value}\n"));
                    }
                }
                Block::Heading(text) => {
                    out.push_str(text);
                    out.push('\n');
                }
                Block::Paragraph(text) => {
                    out.push_str(text.trim());
                    out.push('\n');
                }
                Block::Bullets(items) => {
                    for item in items {
                        out.push_str(&format!("  • {item}\n"));
                    }
                }
                Block::Table {
                    header,
                    rows,
                    total,
                } => {
                    let width = rows
                        .iter()
                        .chain([header, total])
                        .map(|r| r[0].chars().count())
                        .max()
                        .unwrap_or(0);
                    for r in std::iter::once(header).chain(rows).chain([total]) {
                        out.push_str(&format!("  {:<width$}  {:>14}  {:>14}\n", r[0], r[1], r[2]));
                    }
                }
                Block::Signature {
                    closing,
                    body,
                    people,
                } => {
                    out.push_str(&format!("{closing}\n{body}\n"));
                    for (name, title) in people {
                        out.push('\n');
                        out.push_str(name);
                        out.push('\n');
                        if let Some(title) = title {
                            out.push_str(title);
                            out.push('\n');
                        }
                    }
                }
            }
        }
        out
    }
}

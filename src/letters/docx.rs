//! A letter as a Word document (DOCX), made from the same [`Document`] as the Markdown:
//! Word and `LibreOffice` open it, and the agency edits and archives it as its own. The
//! text goes in as text (Word's XML escapes it), never as markup.

use docx_rs::{
    AlignmentType, BreakType, Docx, Paragraph, Run, RunFonts, Table, TableCell, TableRow,
};

use super::document::{Block, Document};

/// Half-points: 11 pt body, 13 pt headings, 16 pt title.
const BODY: usize = 22;
const HEADING: usize = 26;
const TITLE: usize = 32;

/// A run of text made safe for Word's XML: a control or direction character from an
/// application or a file becomes U+FFFD, never a byte that breaks the document.
fn text(run_text: &str) -> Run {
    Run::new().add_text(crate::domain::text::safe_line(run_text))
}

fn paragraph(runs: Vec<Run>) -> Paragraph {
    runs.into_iter().fold(Paragraph::new(), Paragraph::add_run)
}

fn cell(content: &str, right: bool, bold: bool) -> TableCell {
    let mut run = text(content);
    if bold {
        run = run.bold();
    }
    let mut p = Paragraph::new().add_run(run);
    if right {
        p = p.align(AlignmentType::Right);
    }
    TableCell::new().add_paragraph(p)
}

/// The document as DOCX bytes: the same input gives the same bytes.
pub fn docx(document: &Document) -> Result<Vec<u8>, String> {
    let mut docx = Docx::new()
        .default_size(BODY)
        .default_fonts(RunFonts::new().ascii("Calibri").hi_ansi("Calibri"));
    for block in &document.blocks {
        match block {
            Block::Title(title) => {
                docx = docx.add_paragraph(paragraph(vec![text(title).bold().size(TITLE)]));
            }
            Block::Fields(fields) => {
                for (label, value) in fields {
                    docx = docx.add_paragraph(paragraph(vec![
                        text(&format!("{label}: ")).bold(),
                        text(value),
                    ]));
                }
            }
            Block::Heading(heading) => {
                docx = docx.add_paragraph(paragraph(vec![text(heading).bold().size(HEADING)]));
            }
            Block::Paragraph(body) => {
                // A line break in the text stays one within the paragraph.
                let mut runs = Vec::new();
                for (i, line) in body.trim().lines().enumerate() {
                    let mut run = text(line);
                    if i > 0 {
                        run = Run::new()
                            .add_break(BreakType::TextWrapping)
                            .add_text(crate::domain::text::safe_line(line));
                    }
                    runs.push(run);
                }
                docx = docx.add_paragraph(paragraph(runs));
            }
            Block::Bullets(items) => {
                for item in items {
                    docx = docx.add_paragraph(paragraph(vec![text(&format!("• {item}"))]));
                }
            }
            Block::Table {
                header,
                rows,
                total,
            } => {
                let row = |r: &[String; 3], bold: bool| {
                    TableRow::new(vec![
                        cell(&r[0], false, bold),
                        cell(&r[1], true, bold),
                        cell(&r[2], true, bold),
                    ])
                };
                let mut table_rows = vec![row(header, true)];
                table_rows.extend(rows.iter().map(|r| row(r, false)));
                table_rows.push(row(total, true));
                docx = docx.add_table(Table::new(table_rows));
            }
            Block::Signature {
                closing,
                body,
                people,
            } => {
                docx = docx.add_paragraph(paragraph(vec![
                    text(closing),
                    Run::new()
                        .add_break(BreakType::TextWrapping)
                        .add_text(crate::domain::text::safe_line(body)),
                ]));
                for (name, title) in people {
                    let mut runs = vec![text(name)];
                    if let Some(title) = title {
                        runs.push(
                            Run::new()
                                .add_break(BreakType::TextWrapping)
                                .add_text(title),
                        );
                    }
                    docx = docx.add_paragraph(paragraph(runs));
                }
            }
        }
    }
    let mut out = std::io::Cursor::new(Vec::new());
    docx.pack(&mut out).map_err(|e| e.to_string())?;
    Ok(out.into_inner())
}

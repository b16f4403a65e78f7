//! A letter as PDF (PDF/A-2b, for the archive), made from the same [`Document`] as the
//! Markdown and the Word file. The fonts (`DejaVu` Sans, under its free licence in
//! `assets/fonts/`) are embedded and subset, so the text extracts with æøå intact; lines
//! are broken at words by the fonts' own widths, and a page ends where the margin does.

use std::sync::{Arc, LazyLock};

use chrono::Datelike;
use krilla::Document as Pdf;
use krilla::configure::{Configuration, Validator};
use krilla::geom::Point;
use krilla::metadata::{DateTime, Metadata};
use krilla::page::PageSettings;
use krilla::text::{Font, TextDirection};
use krilla::{SerializeSettings, surface::Surface};

use super::document::{Block, Document};

static REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// A4, in points, with margins of about two centimetres.
const WIDTH: f32 = 595.0;
const HEIGHT: f32 = 842.0;
const MARGIN: f32 = 57.0;
const BODY: f32 = 10.0;
const HEADING: f32 = 12.0;
const TITLE: f32 = 14.0;
const LEADING: f32 = 1.4;

/// A font, for drawing and for measuring.
struct Face {
    font: Font,
    metrics: ttf_parser::Face<'static>,
}

impl Face {
    fn load(bytes: &'static [u8]) -> Face {
        Face {
            font: Font::new(Arc::new(bytes.to_vec()).into(), 0).expect("the bundled font loads"),
            metrics: ttf_parser::Face::parse(bytes, 0).expect("the bundled font parses"),
        }
    }

    /// The width of `text` at `size` points.
    fn width(&self, text: &str, size: f32) -> f32 {
        let per_unit = size / f32::from(self.metrics.units_per_em());
        text.chars()
            .map(|c| {
                self.metrics
                    .glyph_index(c)
                    .and_then(|g| self.metrics.glyph_hor_advance(g))
                    .map_or(0.5 * size, |advance| f32::from(advance) * per_unit)
            })
            .sum()
    }
}

/// `word` cut where it would not fit in `room` points even on a line of its own: a word
/// of 20 000 characters (a pasted link, or an application's summary written to harm)
/// otherwise made one line longer than PDF/A allows, and stopped every letter of the round.
fn fitting_pieces<'w>(face: &Face, size: f32, room: f32, word: &'w str) -> Vec<&'w str> {
    if face.width(word, size) <= room {
        return vec![word];
    }
    let mut pieces = Vec::new();
    let (mut start, mut width) = (0, 0.0);
    for (at, c) in word.char_indices() {
        let wide = face.width(c.encode_utf8(&mut [0; 4]), size);
        if width + wide > room && at > start {
            pieces.push(&word[start..at]);
            (start, width) = (at, 0.0);
        }
        width += wide;
    }
    pieces.push(&word[start..]);
    pieces
}

static FACES: LazyLock<(Face, Face)> = LazyLock::new(|| (Face::load(REGULAR), Face::load(BOLD)));

/// Text laid out on pages, a line at a time.
struct Writer<'a> {
    pages: Vec<Vec<Line<'a>>>,
    y: f32,
}

/// One line of text at a place.
struct Line<'a> {
    x: f32,
    y: f32,
    size: f32,
    face: &'a Face,
    text: String,
}

impl<'a> Writer<'a> {
    fn new() -> Writer<'a> {
        Writer {
            pages: vec![Vec::new()],
            y: MARGIN,
        }
    }

    /// Room for a line of this size, on a new page where this one is full.
    fn advance(&mut self, size: f32) -> f32 {
        let height = size * LEADING;
        if self.y + height > HEIGHT - MARGIN {
            self.pages.push(Vec::new());
            self.y = MARGIN;
        }
        self.y += height;
        self.y
    }

    /// A line of text: controls and direction marks become U+FFFD, and a character the
    /// font has no glyph for (a script it does not cover) becomes `?`, so one unusual
    /// name never stops a round's letters (PDF/A refuses a missing glyph).
    fn put(&mut self, x: f32, y: f32, size: f32, face: &'a Face, text: &str) {
        let text: String = crate::domain::text::safe_line(text)
            .chars()
            .map(|c| {
                if face.metrics.glyph_index(c).is_some() {
                    c
                } else {
                    '?'
                }
            })
            .collect();
        if let Some(page) = self.pages.last_mut() {
            page.push(Line {
                x,
                y,
                size,
                face,
                text,
            });
        }
    }

    /// Text broken at words to the width from `x`; continuation lines start at `indent`.
    fn wrapped(&mut self, x: f32, indent: f32, size: f32, face: &'a Face, text: &str) {
        for (i, paragraph_line) in text.lines().enumerate() {
            let start = if i == 0 { x } else { indent };
            let mut line = String::new();
            let mut left = start;
            let room = WIDTH - MARGIN - start.max(indent);
            let words = paragraph_line.split(' ');
            for word in words.flat_map(|word| fitting_pieces(face, size, room, word)) {
                let candidate = if line.is_empty() {
                    word.to_string()
                } else {
                    format!("{line} {word}")
                };
                if !line.is_empty() && left + face.width(&candidate, size) > WIDTH - MARGIN {
                    let y = self.advance(size);
                    self.put(left, y, size, face, &line);
                    line = word.to_string();
                    left = indent;
                } else {
                    line = candidate;
                }
            }
            let y = self.advance(size);
            self.put(left, y, size, face, &line);
        }
    }

    fn gap(&mut self, size: f32) {
        self.y += size * 0.6;
    }
}

/// The blocks laid out as lines on pages.
fn lay_out(document: &Document) -> Writer<'static> {
    let (regular, bold) = &*FACES;
    let mut w = Writer::new();
    for block in &document.blocks {
        match block {
            Block::Title(text) => {
                w.wrapped(MARGIN, MARGIN, TITLE, bold, text);
                w.gap(TITLE);
            }
            Block::Fields(fields) => {
                let label_width = fields
                    .iter()
                    .map(|(label, _)| bold.width(&format!("{label}: "), BODY))
                    .fold(0.0_f32, f32::max);
                for (label, value) in fields {
                    let y = w.advance(BODY);
                    w.put(MARGIN, y, BODY, bold, &format!("{label}:"));
                    w.y -= BODY * LEADING;
                    w.wrapped(
                        MARGIN + label_width,
                        MARGIN + label_width,
                        BODY,
                        regular,
                        value,
                    );
                }
                w.gap(BODY);
            }
            Block::Heading(text) => {
                w.gap(BODY);
                w.wrapped(MARGIN, MARGIN, HEADING, bold, text);
            }
            Block::Paragraph(text) => {
                w.wrapped(MARGIN, MARGIN, BODY, regular, text.trim());
                w.gap(BODY);
            }
            Block::Bullets(items) => {
                for item in items {
                    let indent = MARGIN + regular.width("•  ", BODY);
                    let y = w.advance(BODY);
                    w.put(MARGIN, y, BODY, regular, "•");
                    w.y -= BODY * LEADING;
                    w.wrapped(indent, indent, BODY, regular, item);
                }
                w.gap(BODY);
            }
            Block::Table {
                header,
                rows,
                total,
            } => {
                let right = WIDTH - MARGIN;
                let middle = right - 110.0;
                for (row, face) in std::iter::once((header, bold))
                    .chain(rows.iter().map(|r| (r, regular)))
                    .chain([(total, bold)])
                {
                    let y = w.advance(BODY);
                    w.put(MARGIN, y, BODY, face, &row[0]);
                    w.put(middle - face.width(&row[1], BODY), y, BODY, face, &row[1]);
                    w.put(right - face.width(&row[2], BODY), y, BODY, face, &row[2]);
                }
                w.gap(BODY);
            }
            Block::Signature {
                closing,
                body,
                people,
            } => {
                w.wrapped(MARGIN, MARGIN, BODY, regular, &format!("{closing}\n{body}"));
                for (name, title) in people {
                    w.gap(BODY);
                    w.wrapped(MARGIN, MARGIN, BODY, regular, name);
                    if let Some(title) = title {
                        w.wrapped(MARGIN, MARGIN, BODY, regular, title);
                    }
                }
                w.gap(BODY);
            }
        }
    }
    w
}

/// The document as PDF/A-2b bytes: the same input gives the same bytes.
pub fn pdf(
    document: &Document,
    title: &str,
    date: chrono::NaiveDate,
    language: &str,
) -> Result<Vec<u8>, String> {
    let w = lay_out(document);
    let settings = SerializeSettings {
        configuration: Configuration::new_with_validator(Validator::A2_B),
        ..SerializeSettings::default()
    };
    let mut pdf = Pdf::new_with(settings);
    pdf.set_metadata(
        Metadata::new()
            .title(title.to_string())
            .language(language.to_string())
            // Dated by the letter, not the clock: the same letter gives the same bytes.
            .creation_date(
                DateTime::new(u16::try_from(date.year()).unwrap_or(2000))
                    .month(u8::try_from(date.month()).unwrap_or(1))
                    .day(u8::try_from(date.day()).unwrap_or(1)),
            ),
    );
    let page_settings = PageSettings::from_wh(WIDTH, HEIGHT).ok_or("page size")?;
    for lines in &w.pages {
        let mut page = pdf.start_page_with(page_settings.clone());
        let mut surface: Surface<'_> = page.surface();
        for line in lines {
            surface.draw_text(
                Point::from_xy(line.x, line.y),
                line.face.font.clone(),
                line.size,
                &line.text,
                false,
                TextDirection::Auto,
            );
        }
        surface.finish();
        page.finish();
    }
    pdf.finish().map_err(|e| format!("{e:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_longer_than_a_line_is_cut_to_fit_and_the_letter_is_written() {
        let word = "x".repeat(20_000);
        let document = Document {
            blocks: vec![
                Block::Title(format!("Søknad {word}")),
                Block::Fields(vec![("Til".into(), word.clone())]),
                Block::Paragraph(format!("Sammendrag: {word} slutt.")),
            ],
        };
        let date = chrono::NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
        assert!(pdf(&document, "Vedtak", date, "nb").is_ok());
        for line in lay_out(&document).pages.iter().flatten() {
            let end = line.x + line.face.width(&line.text, line.size);
            assert!(end <= WIDTH - MARGIN + 0.01, "{end}: {}", line.text);
        }
    }
}

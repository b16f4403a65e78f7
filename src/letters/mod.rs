//! Grant letters (tilskuddsbrev) in the lead municipality's language form: nynorsk for
//! nynorsk municipalities, bokmål for bokmål and neutral ones, as the Language Act asks
//! of state bodies. Markdown: readable as text, convertible with pandoc.
//!
//! Pure: the caller gives the case, its round and registry entries, and the letter's
//! date; the same input gives the same letter, byte for byte.

mod nb;
mod nn;

use chrono::NaiveDate;

use crate::domain::time::norwegian_date;
use crate::domain::{Case, LanguageForm, Money, Municipality, Network, Outcome, Round};
use escape::{block as md_block, inline as md_inline};

/// The written standard of a letter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Form {
    Bokmal,
    Nynorsk,
}

impl Form {
    /// The form a municipality is answered in.
    pub fn for_municipality(municipality: Option<&Municipality>) -> Form {
        match municipality.map(|m| m.language_form) {
            Some(LanguageForm::Nynorsk) => Form::Nynorsk,
            _ => Form::Bokmal,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Form::Bokmal => "nb",
            Form::Nynorsk => "nn",
        }
    }

    fn words(self) -> &'static Words {
        match self {
            Form::Bokmal => &nb::WORDS,
            Form::Nynorsk => &nn::WORDS,
        }
    }
}

/// Every fixed text of a letter in one form. `{0}`, `{1}` take values.
pub struct Words {
    pub title: &'static str,
    pub from: &'static str,
    pub to: &'static str,
    pub via: &'static str,
    pub attention: &'static str,
    pub date: &'static str,
    pub our_reference: &'static str,
    pub application: &'static str,
    pub received: &'static str,
    pub summary_heading: &'static str,
    pub decision_heading: &'static str,
    pub approve: &'static str,
    pub partial: &'static str,
    pub reject: &'static str,
    pub pot: &'static str,
    pub requested: &'static str,
    pub granted: &'static str,
    pub in_all: &'static str,
    pub reason_heading: &'static str,
    pub legal_basis: &'static str,
    pub conditions_heading: &'static str,
    pub conditions: [&'static str; 3],
    pub use_by: &'static str,
    pub reporting_heading: &'static str,
    pub reporting: &'static str,
    pub control_heading: &'static str,
    pub control: &'static str,
    pub appeal_heading: &'static str,
    pub appeal: &'static str,
    pub closing: &'static str,
    pub electronic: &'static str,
    pub municipality: &'static str,
}

fn fill(template: &str, values: &[&str]) -> String {
    let mut out = template.to_string();
    for (i, value) in values.iter().enumerate() {
        out = out.replace(&format!("{{{i}}}"), value);
    }
    out
}

/// The county governor's official name, which is nynorsk in the nynorsk counties
/// whatever the form of the letter.
pub fn official_name(county: &str) -> String {
    let nynorsk = matches!(county, "Vestland" | "Møre og Romsdal");
    format!(
        "{} i {county}",
        if nynorsk {
            "Statsforvaltaren"
        } else {
            "Statsforvalteren"
        }
    )
}

/// What a letter is written from.
pub struct LetterInput<'a> {
    pub case: &'a Case,
    pub round: &'a Round,
    pub network: Option<&'a Network>,
    pub lead: Option<&'a Municipality>,
    pub date: NaiveDate,
    /// Who signs: the one who decided, then the one who proposed (once where they are
    /// the same person), with full name and title.
    pub signatories: Vec<&'a crate::domain::Official>,
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Letter {
    pub reference: String,
    pub form: Form,
    /// A file name from the reference, safe on every file system.
    pub file_name: String,
    pub text: String,
    /// Whether the case is recorded as sent (`tilskudd sent`).
    #[serde(default)]
    pub sent: bool,
}

/// The reference as a file name: letters, digits, `-` and `_` kept, the rest `_`.
pub fn file_name(reference: &str) -> String {
    let stem: String = reference
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("{stem}.md")
}

/// The longest file name written, in bytes: file systems allow 255, and the temporary
/// name a file is first written under is a little longer.
pub const MAX_FILE_NAME_BYTES: usize = 200;

/// Refuses a set of letters that cannot all be saved side by side: two whose file names
/// are the same (or differ only in case, which some file systems ignore), or a name too
/// long for a file system. Checked before anything is written or marked sent.
pub fn check_file_names(letters: &[Letter]) -> Result<(), crate::domain::Refusal> {
    let mut seen: std::collections::HashMap<String, &str> = std::collections::HashMap::new();
    for letter in letters {
        if letter.file_name.len() > MAX_FILE_NAME_BYTES {
            return Err(crate::domain::Refusal::FileNameTooLong {
                reference: letter.reference.clone(),
                limit: MAX_FILE_NAME_BYTES,
            });
        }
        if let Some(first) = seen.insert(letter.file_name.to_lowercase(), &letter.reference) {
            return Err(crate::domain::Refusal::FileNamesClash {
                first: first.to_string(),
                second: letter.reference.clone(),
                file: letter.file_name.clone(),
            });
        }
    }
    Ok(())
}

/// Markdown being written, a line at a time.
#[derive(Default)]
struct Markdown(String);

impl Markdown {
    fn line(&mut self, text: &str) {
        self.0.push_str(text);
        self.0.push('\n');
    }

    /// A blank line, a `##` heading, a blank line, and the paragraph.
    fn section(&mut self, heading: &str, paragraph: &str) {
        self.line("");
        self.line(&format!("## {heading}"));
        self.line("");
        self.line(paragraph);
    }
}

/// Writes the letter of a decided case. `None` where the case has no decision.
pub fn render(input: &LetterInput<'_>) -> Option<Letter> {
    let decision = input.case.decision.as_ref()?;
    let form = Form::for_municipality(input.lead);
    let w = form.words();
    let app = &input.case.application;
    let governor = official_name(&md_inline(&input.round.county));
    let mut out = Markdown::default();
    heading(&mut out, input, w, &governor);
    out.section(
        w.summary_heading,
        app.summary
            .as_deref()
            .map_or_else(|| md_inline(&app.title), md_block)
            .trim(),
    );
    let network = input
        .network
        .map_or_else(|| md_inline(&app.network), |n| md_inline(&n.name));
    let title = md_inline(&app.title);
    let granted: Money = decision.amounts.values().copied().sum();
    let requested = app.requested_total();
    let verdict = match decision.outcome {
        Outcome::Approve => fill(w.approve, &[&network, &granted.to_string(), &title]),
        Outcome::Partial => fill(
            w.partial,
            &[
                &network,
                &granted.to_string(),
                &requested.to_string(),
                &title,
            ],
        ),
        Outcome::Reject => fill(w.reject, &[&title]),
    };
    out.section(w.decision_heading, &verdict);
    if decision.outcome != Outcome::Reject {
        grant_table(&mut out, input, form);
    }
    out.section(w.reason_heading, md_block(&decision.reason).trim());
    out.line("");
    out.line(w.legal_basis);
    if decision.outcome != Outcome::Reject {
        obligations(&mut out, input, w, &governor);
    }
    if input.round.appeal_rights {
        out.section(w.appeal_heading, &fill(w.appeal, &[&governor]));
    }
    out.line("");
    // Two trailing spaces: a Markdown line break, so each name and title stays on lines
    // of its own.
    out.line(&format!("{}  ", w.closing));
    out.line(&governor);
    for official in &input.signatories {
        out.line("");
        match &official.title {
            Some(title) => {
                out.line(&format!("{}  ", md_inline(&official.name)));
                out.line(&md_inline(title));
            }
            None => out.line(&md_inline(&official.name)),
        }
    }
    out.line("");
    out.line(w.electronic);
    Some(Letter {
        reference: app.reference.clone(),
        form,
        file_name: file_name(&app.reference),
        text: out.0,
        sent: input.case.state == crate::domain::CaseState::LetterSent,
    })
}

/// Title, sender, recipient, date and references.
fn heading(out: &mut Markdown, input: &LetterInput<'_>, w: &Words, governor: &str) {
    let app = &input.case.application;
    let network = input
        .network
        .map_or_else(|| md_inline(&app.network), |n| md_inline(&n.name));
    out.line(&format!("# {}", w.title));
    out.line("");
    out.line(&format!("**{}:** {governor}  ", w.from));
    out.line(&format!("**{}:** {network}  ", w.to));
    if let Some(lead) = input.lead {
        out.line(&format!(
            "{} {} {}  ",
            w.via,
            md_inline(&lead.name),
            w.municipality
        ));
    }
    if let Some(contact) = &app.contact {
        out.line(&format!("{} {}  ", w.attention, md_inline(&contact.name)));
    }
    out.line(&format!("**{}:** {}  ", w.date, norwegian_date(input.date)));
    out.line(&format!(
        "**{}:** {}  ",
        w.our_reference,
        md_inline(&app.reference)
    ));
    // The day it arrived in Norway, whatever offset the sender wrote: 22:30Z on 30 June
    // is 1 July in Oslo, as the deadline check has it.
    let received = norwegian_date(
        crate::domain::time::to_oslo(app.submitted.with_timezone(&chrono::Utc)).date_naive(),
    );
    out.line(&format!(
        "**{}:** «{}», {} {received}",
        w.application,
        md_inline(&app.title),
        w.received
    ));
}

/// The amount per pot: requested and granted.
fn grant_table(out: &mut Markdown, input: &LetterInput<'_>, form: Form) {
    let w = form.words();
    let Some(decision) = &input.case.decision else {
        return;
    };
    let app = &input.case.application;
    out.line("");
    out.line(&format!("| {} | {} | {} |", w.pot, w.requested, w.granted));
    out.line("| --- | ---: | ---: |");
    for request in &app.requests {
        let name = input
            .round
            .pot(&request.pot)
            .map_or(request.pot.as_str(), |p| match form {
                Form::Nynorsk => p.name_nn.as_deref().unwrap_or(&p.name),
                Form::Bokmal => &p.name,
            });
        let amount = decision
            .amounts
            .get(&request.pot)
            .copied()
            .unwrap_or(Money::ZERO);
        out.line(&format!(
            "| {} | {} | {amount} |",
            md_inline(name),
            request.amount
        ));
    }
    let granted: Money = decision.amounts.values().copied().sum();
    out.line(&format!(
        "| {} | {} | {granted} |",
        w.in_all,
        app.requested_total()
    ));
}

/// Conditions, the use-by date, reporting, and control and repayment.
fn obligations(out: &mut Markdown, input: &LetterInput<'_>, w: &Words, governor: &str) {
    out.section(w.conditions_heading, &format!("- {}", w.conditions[0]));
    for condition in &w.conditions[1..] {
        out.line(&format!("- {condition}"));
    }
    if let Some(by) = input.round.funds_used_by {
        out.line(&format!("- {}", fill(w.use_by, &[&norwegian_date(by)])));
    }
    out.section(w.reporting_heading, &fill(w.reporting, &[governor]));
    out.section(w.control_heading, &fill(w.control, &[governor]));
}

mod escape;

#[cfg(test)]
mod tests;

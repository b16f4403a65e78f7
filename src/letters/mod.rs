//! Decision letters (vedtaksbrev) in the lead municipality's language form: nynorsk for
//! nynorsk municipalities, bokmål for bokmål ones, and for neutral ones the form the
//! round's office chooses (bokmål by default), as the Language Act asks of state bodies.
//! A letter is a [`Document`]; Markdown and the screen's text are made from it.
//!
//! Pure: the caller gives the case, its round and registry entries, and the letter's
//! date; the same input gives the same letter, byte for byte.

mod document;
mod docx;
mod follow_up;
mod nb;
mod nn;
mod pdf;

use crate::domain::text::fill;
use chrono::{Datelike, NaiveDate};

use crate::domain::time::norwegian_date;
use crate::domain::{Case, LanguageForm, Money, Municipality, Network, Outcome, Round, RoundTerms};
pub use document::{Block, Document};
pub use docx::docx;
pub use follow_up::{FollowUpInput, FollowUpWords, LetterKind, render as render_follow_up};
pub use pdf::pdf;

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

    fn follow_up_words(self) -> &'static FollowUpWords {
        match self {
            Form::Bokmal => &nb::FOLLOW_UP,
            Form::Nynorsk => &nn::FOLLOW_UP,
        }
    }
}

/// Every fixed text of a letter in one form. `{0}`, `{1}` take values.
pub struct Words {
    pub title: &'static str,
    pub sender: &'static str,
    pub recipient: &'static str,
    pub on_behalf: &'static str,
    pub municipality: &'static str,
    pub attention: &'static str,
    pub copy: &'static str,
    pub date: &'static str,
    pub our_reference: &'static str,
    pub your_reference: &'static str,
    pub application: &'static str,
    pub received: &'static str,
    pub org_number: &'static str,
    pub summary_heading: &'static str,
    pub decision_heading: &'static str,
    pub approve: &'static str,
    pub partial: &'static str,
    pub reject: &'static str,
    pub replaces: &'static str,
    pub pot: &'static str,
    pub requested: &'static str,
    pub granted: &'static str,
    pub in_all: &'static str,
    pub reason_heading: &'static str,
    pub failed_intro: &'static str,
    /// A criterion not met for some pots only: "{0} (gjelder {1})", criterion and pots.
    pub for_pots: &'static str,
    /// What the guidelines ask, per check, in [`crate::domain::CheckId::ALL`] order.
    pub criteria: [&'static str; 10],
    pub legal_heading: &'static str,
    pub legal_basis: &'static str,
    pub legal_call: &'static str,
    pub default_guidelines: &'static str,
    pub payment_heading: &'static str,
    pub payment: &'static str,
    pub conditions_heading: &'static str,
    pub conditions: [&'static str; 2],
    pub use_by: &'static str,
    /// The project runs past the use-by date: `{0}` its end, `{1}` the date.
    pub period_past_use_by: &'static str,
    pub reporting_heading: &'static str,
    pub reporting_due: &'static str,
    pub reporting_later: &'static str,
    pub reporting_content: &'static str,
    pub control_heading: &'static str,
    pub control: &'static str,
    pub appeal_heading: &'static str,
    pub appeal: &'static str,
    pub appeal_body: &'static str,
    pub no_appeal_heading: &'static str,
    pub no_appeal: &'static str,
    pub closing: &'static str,
    pub electronic: &'static str,
    pub governor: &'static str,
    pub governor_before_2021: &'static str,
    /// The months, for dates written out in running text ("1. mars 2023").
    pub months: [&'static str; 12],
}

impl Words {
    /// A date as running text writes it: "1. mars 2023".
    pub fn written_date(&self, date: NaiveDate) -> String {
        let month = self.months[date.month0() as usize];
        format!("{}. {month} {}", date.day(), date.year())
    }
}

/// The deciding body's name in the letter's form: the round's `[office]` where it has
/// one, else the county governor of the round's county, by the name the office had on
/// the day of the decision (Fylkesmannen until 2021, then Statsforvalteren, which is
/// Statsforvaltaren in nynorsk).
pub fn sender_name(
    round: &Round,
    terms: Option<&RoundTerms>,
    form: Form,
    date: NaiveDate,
) -> String {
    if let Some(office) = terms.and_then(|t| t.office.as_ref()) {
        return match form {
            Form::Nynorsk => office
                .name_nn
                .clone()
                .unwrap_or_else(|| office.name.clone()),
            Form::Bokmal => office.name.clone(),
        };
    }
    let w = form.words();
    let renamed = NaiveDate::from_ymd_opt(2021, 1, 1).expect("a valid date");
    let template = if date < renamed {
        w.governor_before_2021
    } else {
        w.governor
    };
    fill(template, &[&round.county])
}

/// What a letter is written from.
pub struct LetterInput<'a> {
    pub case: &'a Case,
    pub round: &'a Round,
    pub terms: Option<&'a RoundTerms>,
    pub network: Option<&'a Network>,
    pub lead: Option<&'a Municipality>,
    /// The other participating municipalities, who get a copy.
    pub others: Vec<&'a Municipality>,
    pub date: NaiveDate,
    /// Who signs: the one who decided, then the one who proposed (once where they are
    /// the same person), with full name and title.
    pub signatories: Vec<&'a crate::domain::Official>,
    /// After a reopening: the day of the decision this one replaces.
    pub replaces: Option<NaiveDate>,
    /// The checks not met, for a rejection or partial grant, each with the pots it is
    /// not met for where it is judged per pot (none: the whole application).
    pub failed: Vec<(crate::domain::CheckId, Vec<String>)>,
    /// The archive's and the applicant's references, and the payee's number.
    pub details: crate::domain::CaseDetails,
    /// The municipality the grant is paid to, where not the lead one.
    pub payee: Option<&'a Municipality>,
    /// Official names and organisation numbers of the municipalities, where known.
    pub municipal: &'a std::collections::BTreeMap<String, crate::domain::MunicipalityDetails>,
}

/// A municipality as a letter names it: its official name (`Kvam herad`) where the
/// registry has one, else `Kvam kommune`.
fn municipality_name(w: &Words, input: &LetterInput<'_>, m: &Municipality) -> String {
    input
        .municipal
        .get(&m.number)
        .and_then(|d| d.official_name.clone())
        .unwrap_or_else(|| fill(w.municipality, &[&m.name]))
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Letter {
    pub reference: String,
    pub form: Form,
    /// A file name from the reference, safe on every file system.
    pub file_name: String,
    /// The letter in Markdown.
    pub text: String,
    /// The letter itself, which every format is made from.
    pub document: Document,
    /// The letter's date (the day of the decision).
    pub date: NaiveDate,
    /// Whether the case is recorded as sent (`tilskudd sent`).
    #[serde(default)]
    pub sent: bool,
}

/// The file format letters are written in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum FileFormat {
    /// Markdown: text that reads as it is.
    #[default]
    Md,
    /// Word (DOCX), for editing.
    Docx,
    /// PDF/A-2b, for the archive.
    Pdf,
}

impl FileFormat {
    pub fn extension(self) -> &'static str {
        match self {
            FileFormat::Md => "md",
            FileFormat::Docx => "docx",
            FileFormat::Pdf => "pdf",
        }
    }

    /// The letter's bytes in this format.
    pub fn bytes(self, letter: &Letter) -> Result<Vec<u8>, String> {
        match self {
            FileFormat::Md => Ok(letter.text.clone().into_bytes()),
            FileFormat::Docx => docx(&letter.document),
            FileFormat::Pdf => pdf(
                &letter.document,
                &letter.reference,
                letter.date,
                match letter.form {
                    Form::Bokmal => "nb",
                    Form::Nynorsk => "nn",
                },
            ),
        }
    }

    /// The letter's file name in this format.
    pub fn file_name(self, letter: &Letter) -> String {
        let stem = letter.file_name.trim_end_matches(".md");
        format!("{stem}.{}", self.extension())
    }
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

/// Writes the letter of a decided case. `None` where the case has no decision.
pub fn render(input: &LetterInput<'_>) -> Option<Letter> {
    let decision = input.case.decision.as_ref()?;
    let form = letter_form(input);
    let w = form.words();
    let app = &input.case.application;
    let sender = sender_name(input.round, input.terms, form, input.date);
    let network = input
        .network
        .map_or_else(|| app.network.clone(), |n| n.name.clone());
    let mut doc = Document::default();
    doc.push(Block::Title(w.title.to_string()));
    doc.push(Block::Fields(fields(input, w, &sender, &network)));
    doc.heading(w.summary_heading);
    doc.paragraph(app.summary.clone().unwrap_or_else(|| app.title.clone()));
    let granted: Money = decision.amounts.values().copied().sum();
    let verdict = match decision.outcome {
        Outcome::Approve => fill(w.approve, &[&network, &granted.to_string(), &app.title]),
        Outcome::Partial => fill(
            w.partial,
            &[
                &network,
                &granted.to_string(),
                &app.requested_total().to_string(),
                &app.title,
            ],
        ),
        Outcome::Reject => fill(w.reject, &[&app.title]),
    };
    doc.heading(w.decision_heading);
    doc.paragraph(verdict);
    if decision.outcome != Outcome::Reject {
        doc.push(grant_table(input, form));
    }
    if let Some(earlier) = input.replaces {
        doc.paragraph(fill(w.replaces, &[&w.written_date(earlier)]));
    }
    doc.heading(w.reason_heading);
    doc.paragraph(decision.reason.trim().to_string());
    if decision.outcome != Outcome::Approve && !input.failed.is_empty() {
        doc.paragraph(w.failed_intro);
        doc.push(Block::Bullets(
            input
                .failed
                .iter()
                .map(|(check, pots)| {
                    let criterion = criterion(w, *check);
                    if pots.is_empty() {
                        return criterion.to_string();
                    }
                    let names: Vec<String> = pots
                        .iter()
                        .map(|p| format!("«{}»", pot_name(input, p, form)))
                        .collect();
                    fill(w.for_pots, &[criterion, &names.join(" og ")])
                })
                .collect(),
        ));
    }
    doc.heading(w.legal_heading);
    doc.paragraph(legal_basis(input, w));
    if decision.outcome != Outcome::Reject {
        obligations(&mut doc, input, w, &sender, granted);
    }
    appeal(&mut doc, input, w, &sender);
    doc.push(signature(form, w, &sender, &input.signatories));
    doc.paragraph(w.electronic);
    Some(Letter {
        reference: app.reference.clone(),
        form,
        file_name: file_name(&app.reference),
        text: doc.markdown(),
        document: doc,
        date: input.date,
        // Sent, and everything after it.
        sent: input.case.state.is_closed() && input.case.state != crate::domain::CaseState::Decided,
    })
}

/// The appeal paragraph naming the appeal body, or, where decisions cannot be
/// appealed, the sentence saying so: for the grant and for a repayment claim alike.
fn appeal(doc: &mut Document, input: &LetterInput<'_>, w: &Words, sender: &str) {
    if input.round.appeal_rights {
        let body = input
            .terms
            .and_then(|t| t.office.as_ref())
            .and_then(|o| o.appeal_body.clone())
            .unwrap_or_else(|| w.appeal_body.to_string());
        doc.heading(w.appeal_heading);
        doc.paragraph(fill(w.appeal, &[sender, &body]));
    } else {
        doc.heading(w.no_appeal_heading);
        doc.paragraph(fill(w.no_appeal, &[sender]));
    }
}

/// The closing, the body and the signatories with their titles in the letter's form.
fn signature(
    form: Form,
    w: &Words,
    sender: &str,
    signatories: &[&crate::domain::Official],
) -> Block {
    Block::Signature {
        closing: w.closing.to_string(),
        body: sender.to_string(),
        people: signatories
            .iter()
            .map(|o| {
                let title = match form {
                    Form::Nynorsk => o.title.as_deref().map(nn::title),
                    Form::Bokmal => o.title.clone(),
                };
                (o.name.clone(), title)
            })
            .collect(),
    }
}

/// The form the lead municipality is answered in: nynorsk for nynorsk ones, and for
/// neutral ones where the round's office says so.
fn letter_form(input: &LetterInput<'_>) -> Form {
    let neutral = input
        .terms
        .and_then(|t| t.office.as_ref())
        .and_then(|o| o.neutral_language);
    match input.lead.map(|m| m.language_form) {
        Some(LanguageForm::Nynorsk) => Form::Nynorsk,
        Some(LanguageForm::Neutral) if neutral == Some(LanguageForm::Nynorsk) => Form::Nynorsk,
        _ => Form::Bokmal,
    }
}

/// Sender, recipient (the lead municipality, for the network, which is no legal
/// entity), copies, date and references.
fn fields(
    input: &LetterInput<'_>,
    w: &Words,
    sender: &str,
    network: &str,
) -> Vec<(String, String)> {
    let app = &input.case.application;
    let office = input.terms.and_then(|t| t.office.as_ref());
    let mut sender_line = sender.to_string();
    if let Some(address) = office.and_then(|o| o.address.as_deref()) {
        sender_line.push_str(&format!(", {address}"));
    }
    if let Some(org) = office.and_then(|o| o.org_number.as_deref()) {
        sender_line.push_str(&format!(", {}", fill(w.org_number, &[org])));
    }
    let lead = input.lead.map_or_else(
        || app.lead_municipality.clone(),
        |m| municipality_name(w, input, m),
    );
    let mut fields = vec![
        (w.sender.to_string(), sender_line),
        (
            w.recipient.to_string(),
            fill(w.on_behalf, &[&lead, network]),
        ),
    ];
    if let Some(contact) = &app.contact {
        fields.push((w.attention.to_string(), contact.name.clone()));
    }
    let mut copies: Vec<String> = input
        .others
        .iter()
        .map(|m| municipality_name(w, input, m))
        .collect();
    if app.bufetat == Some(true) {
        copies.push("Bufetat".to_string());
    }
    if !copies.is_empty() {
        fields.push((w.copy.to_string(), copies.join(", ")));
    }
    fields.push((w.date.to_string(), norwegian_date(input.date)));
    // The archive's case number where the case has one; the applicant's own reference
    // where they gave one.
    let ours = input
        .details
        .archive_reference
        .clone()
        .unwrap_or_else(|| app.reference.clone());
    fields.push((w.our_reference.to_string(), ours));
    if let Some(theirs) = &input.details.applicant_reference {
        fields.push((w.your_reference.to_string(), theirs.clone()));
    }
    // The day it arrived in Norway, whatever offset the sender wrote: 22:30Z on 30 June
    // is 1 July in Oslo, as the deadline check has it.
    let received = norwegian_date(
        crate::domain::time::to_oslo(app.submitted.with_timezone(&chrono::Utc)).date_naive(),
    );
    fields.push((
        w.application.to_string(),
        fill(w.received, &[&app.title, &received]),
    ));
    fields
}

/// A pot's name in the letter's language form; its id where the round does not know it.
fn pot_name<'a>(input: &'a LetterInput<'_>, pot: &'a str, form: Form) -> &'a str {
    input.round.pot(pot).map_or(pot, |p| match form {
        Form::Nynorsk => p.name_nn.as_deref().unwrap_or(&p.name),
        Form::Bokmal => &p.name,
    })
}

/// What the guidelines ask that a check judges.
fn criterion(w: &Words, check: crate::domain::CheckId) -> &'static str {
    let at = crate::domain::CheckId::ALL
        .iter()
        .position(|c| *c == check)
        .unwrap_or(0);
    w.criteria[at]
}

/// The guidelines (and the call) the decision rests on.
fn legal_basis(input: &LetterInput<'_>, w: &Words) -> String {
    let office = input.terms.and_then(|t| t.office.as_ref());
    let guidelines = office
        .and_then(|o| o.guidelines.clone())
        .unwrap_or_else(|| w.default_guidelines.to_string());
    match office.and_then(|o| o.call_date) {
        Some(call) => fill(w.legal_call, &[&guidelines, &w.written_date(call)]),
        None => fill(w.legal_basis, &[&guidelines]),
    }
}

/// The amount per pot: requested and granted.
fn grant_table(input: &LetterInput<'_>, form: Form) -> Block {
    let w = form.words();
    let app = &input.case.application;
    let decision = input.case.decision.as_ref();
    let rows = app
        .requests
        .iter()
        .map(|request| {
            let name = pot_name(input, &request.pot, form);
            let amount = decision
                .and_then(|d| d.amounts.get(&request.pot).copied())
                .unwrap_or(Money::ZERO);
            [
                name.to_string(),
                request.amount.to_string(),
                amount.to_string(),
            ]
        })
        .collect();
    let granted: Money = decision.map_or(Money::ZERO, |d| d.amounts.values().copied().sum());
    Block::Table {
        header: [w.pot.into(), w.requested.into(), w.granted.into()],
        rows,
        total: [
            w.in_all.into(),
            app.requested_total().to_string(),
            granted.to_string(),
        ],
    }
}

/// Payment, conditions and the use-by date, report and accounts, control and repayment.
fn obligations(
    doc: &mut Document,
    input: &LetterInput<'_>,
    w: &Words,
    sender: &str,
    granted: Money,
) {
    let payee = input.payee.or(input.lead).map_or_else(
        || input.case.application.lead_municipality.clone(),
        |m| {
            let name = municipality_name(w, input, m);
            match input
                .municipal
                .get(&m.number)
                .and_then(|d| d.org_number.as_deref())
            {
                Some(org) => format!("{name} ({})", fill(w.org_number, &[org])),
                None => name,
            }
        },
    );
    doc.heading(w.payment_heading);
    doc.paragraph(fill(w.payment, &[&granted.to_string(), &payee]));
    doc.heading(w.conditions_heading);
    let mut conditions: Vec<String> = w.conditions.iter().map(|c| (*c).to_string()).collect();
    if let Some(by) = input.round.funds_used_by {
        conditions.push(fill(w.use_by, &[&w.written_date(by)]));
        if let Some(period) = input
            .case
            .application
            .period
            .as_ref()
            .filter(|p| p.end > by)
        {
            let (end, by) = (w.written_date(period.end), w.written_date(by));
            conditions.push(fill(w.period_past_use_by, &[&end, &by]));
        }
    }
    doc.push(Block::Bullets(conditions));
    doc.heading(w.reporting_heading);
    let due = input.terms.and_then(|t| t.report_due);
    let when = match due {
        Some(due) => fill(w.reporting_due, &[sender, &w.written_date(due)]),
        None => fill(w.reporting_later, &[sender]),
    };
    doc.paragraph(format!("{when} {}", w.reporting_content));
    doc.heading(w.control_heading);
    doc.paragraph(fill(w.control, &[sender]));
}

mod escape;

#[cfg(test)]
mod tests;

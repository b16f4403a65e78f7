//! Letters after the decision, in the municipality's language form like the grant
//! letter: the prior notice of a repayment claim (forvaltningsloven § 16), the claim
//! itself (a decision, with its appeal paragraph), and the reminder of an overdue
//! final report.

use chrono::NaiveDate;

use super::document::{Block, Document};
use super::{Letter, LetterInput, appeal, fields, file_name, letter_form, sender_name, signature};
use crate::domain::Money;
use crate::domain::follow_up::FollowUp;
use crate::domain::text::fill;

/// Which letters `letters --kind` writes.
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    clap::ValueEnum,
    serde::Serialize,
    serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum LetterKind {
    /// The grant letter of each decided case.
    #[default]
    Decision,
    /// The prior notice of a repayment claim, where money paid is left unspent.
    Notice,
    /// The repayment claim of each case with one.
    Claim,
    /// A reminder of each final report that is overdue.
    Reminder,
}

impl LetterKind {
    /// The file name's suffix after the reference (`INN-2022-001-krav.md`), so the
    /// kinds of one case can lie in one folder.
    fn suffix(self) -> &'static str {
        match self {
            LetterKind::Decision => "",
            LetterKind::Notice => "-varsel",
            LetterKind::Claim => "-krav",
            LetterKind::Reminder => "-purring",
        }
    }
}

/// The texts of these letters in one language form. `{0}`, `{1}` take values.
pub struct FollowUpWords {
    pub notice_title: &'static str,
    pub claim_title: &'static str,
    pub reminder_title: &'static str,
    /// `{0}` the decision's date, `{1}` the amount granted, `{2}` the project.
    pub grant_reference: &'static str,
    /// `{0}` the report's date, `{1}` spent, `{2}` paid.
    pub accounts: &'static str,
    /// `{0}` the amount, `{1}` the date to answer by.
    pub notice: &'static str,
    pub claim_heading: &'static str,
    /// `{0}` the amount claimed.
    pub claim: &'static str,
    pub payment_heading: &'static str,
    /// `{0}` the body paid to, `{1}` the date, `{2}` the reference to mark it with.
    pub payment: &'static str,
    pub legal: &'static str,
    /// `{0}` the decision's date, `{1}` the project, `{2}` the body, `{3}` the due date.
    pub reminder: &'static str,
    /// `{0}` the date to send by.
    pub reminder_request: &'static str,
}

/// Days given to answer a notice, to pay a claim, and to send an overdue report.
const ANSWER_DAYS: i64 = 21;
const PAY_DAYS: i64 = 30;
const REMINDER_DAYS: i64 = 14;

/// What these letters are written from, besides the grant letter's input.
pub struct FollowUpInput<'a> {
    pub follow_up: &'a FollowUp,
    /// When the final report was due, for a reminder.
    pub report_due: Option<NaiveDate>,
}

/// The letter of this kind for one case, where the case has one.
pub fn render(
    input: &LetterInput<'_>,
    after: &FollowUpInput<'_>,
    kind: LetterKind,
) -> Option<Letter> {
    let decision = input.case.decision.as_ref()?;
    let form = letter_form(input);
    let w = form.words();
    let f = form.follow_up_words();
    let app = &input.case.application;
    let sender = sender_name(input.round, input.terms, form, input.date);
    let network = input
        .network
        .map_or_else(|| app.network.clone(), |n| n.name.clone());
    let follow_up = after.follow_up;
    let granted: Money = decision.amounts.values().copied().sum();
    let decided = crate::domain::time::to_oslo(decision.at).date_naive();
    let by = |days: i64| w.written_date(input.date + chrono::Duration::days(days));
    let mut doc = Document::default();
    let title = match kind {
        LetterKind::Decision => return None,
        LetterKind::Notice => f.notice_title,
        LetterKind::Claim => f.claim_title,
        LetterKind::Reminder => f.reminder_title,
    };
    doc.push(Block::Title(title.to_string()));
    doc.push(Block::Fields(fields(input, w, &sender, &network)));
    let grant = fill(
        f.grant_reference,
        &[&w.written_date(decided), &granted.to_string(), &app.title],
    );
    match kind {
        LetterKind::Notice | LetterKind::Claim => {
            let report = follow_up.report.as_ref();
            let mut opening = grant;
            if let Some(report) = report {
                let accounts = fill(
                    f.accounts,
                    &[
                        &w.written_date(report.received),
                        &report.spent.to_string(),
                        &follow_up.paid().to_string(),
                    ],
                );
                opening = format!("{opening} {accounts}");
            }
            doc.paragraph(opening);
            if kind == LetterKind::Notice {
                let unspent = follow_up
                    .paid()
                    .minus(follow_up.spent())
                    .minus(follow_up.claimed());
                doc.paragraph(fill(f.notice, &[&unspent.to_string(), &by(ANSWER_DAYS)]));
            } else {
                // Every claim not yet repaid, and the sum still owed.
                let open = follow_up.open_claims();
                if open.is_empty() {
                    return None;
                }
                doc.heading(f.claim_heading);
                doc.paragraph(fill(f.claim, &[&follow_up.owed().to_string()]));
                doc.heading(w.reason_heading);
                for claim in open {
                    doc.paragraph(claim.reason.trim().to_string());
                }
                doc.heading(f.payment_heading);
                let ours = input
                    .details
                    .archive_reference
                    .clone()
                    .unwrap_or_else(|| app.reference.clone());
                doc.paragraph(fill(f.payment, &[&sender, &by(PAY_DAYS), &ours]));
                doc.heading(w.legal_heading);
                doc.paragraph(f.legal);
                appeal(&mut doc, input, w, &sender);
            }
        }
        LetterKind::Reminder => {
            let due = after.report_due?;
            doc.paragraph(fill(
                f.reminder,
                &[
                    &w.written_date(decided),
                    &app.title,
                    &sender,
                    &w.written_date(due),
                ],
            ));
            doc.paragraph(fill(f.reminder_request, &[&by(REMINDER_DAYS)]));
        }
        LetterKind::Decision => {}
    }
    doc.push(signature(form, w, &sender, &input.signatories));
    doc.paragraph(w.electronic);
    let stem = file_name(&app.reference);
    let stem = stem.trim_end_matches(".md");
    Some(Letter {
        reference: app.reference.clone(),
        form,
        file_name: format!("{stem}{}.md", kind.suffix()),
        text: doc.markdown(),
        document: doc,
        date: input.date,
        sent: false,
    })
}

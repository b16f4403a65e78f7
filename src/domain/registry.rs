//! Municipalities, learning networks and the people in them.

use serde::{Deserialize, Serialize};

/// The written standard a municipality has chosen (målform). State bodies answer in it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum LanguageForm {
    #[serde(rename = "bokmål", alias = "bokmal")]
    Bokmal,
    #[serde(rename = "nynorsk")]
    Nynorsk,
    #[default]
    #[serde(rename = "neutral")]
    Neutral,
}

impl LanguageForm {
    pub fn as_str(self) -> &'static str {
        match self {
            LanguageForm::Bokmal => "bokmål",
            LanguageForm::Nynorsk => "nynorsk",
            LanguageForm::Neutral => "neutral",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Municipality {
    /// The four-digit municipality number (kommunenummer), kept as text: `0301` has a zero.
    pub number: String,
    pub name: String,
    pub county: String,
    /// Names before the 2020 mergers: a lookup by `Radøy` finds Alver.
    pub former_names: Vec<String>,
    pub language_form: LanguageForm,
    /// The county governor gives these municipalities special attention (advisory only).
    pub needs_quality_development: bool,
}

/// A municipality's official name (`Kvam herad`) and organisation number, where the
/// registry gives them: kept beside the municipality, so registries stored by earlier
/// versions read as they were.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MunicipalityDetails {
    pub official_name: Option<String>,
    pub org_number: Option<String>,
}

/// What a person does in a network.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Contact,
    Management,
    Participant,
    Leader,
    Coordinator,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Contact,
        Role::Management,
        Role::Participant,
        Role::Leader,
        Role::Coordinator,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Contact => "contact",
            Role::Management => "management",
            Role::Participant => "participant",
            Role::Leader => "leader",
            Role::Coordinator => "coordinator",
        }
    }

    pub fn parse(text: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == text)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub name: String,
    /// The municipality the person works for, where known.
    pub municipality: Option<String>,
    pub roles: Vec<Role>,
    pub email: Option<String>,
    /// Explicit consent to share the e-mail address with other networks' contacts.
    pub share_email: bool,
}

impl Person {
    /// The e-mail address, only where its owner consented to sharing it.
    pub fn shareable_email(&self) -> Option<&str> {
        self.email.as_deref().filter(|_| self.share_email)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Network {
    pub id: String,
    pub name: String,
    pub county: String,
    /// Municipality numbers.
    pub members: Vec<String>,
    /// Municipality numbers of the steering group (styringsgruppe).
    pub steering_group: Vec<String>,
    pub people: Vec<Person>,
}

impl Network {
    pub fn has_member(&self, number: &str) -> bool {
        self.members.iter().any(|m| m == number)
    }

    pub fn coordinators(&self) -> impl Iterator<Item = &Person> {
        self.people
            .iter()
            .filter(|p| p.roles.contains(&Role::Coordinator))
    }
}

/// SHA-256 over the whole registry's JSON form (municipalities and networks, each in
/// key order), hex: recorded with each registry import, compared by `audit --verify`.
pub fn digest(
    municipalities: &[Municipality],
    networks: &[Network],
    details: &std::collections::BTreeMap<String, MunicipalityDetails>,
) -> String {
    use sha2::{Digest, Sha256};
    let mut hasher = Sha256::new();
    for municipality in municipalities {
        hasher.update(serde_json::to_vec(municipality).expect("a municipality serializes"));
    }
    hasher.update(b"\0networks\0");
    for network in networks {
        hasher.update(serde_json::to_vec(network).expect("a network serializes"));
    }
    // Official names and numbers, where there are any: a registry without them has the
    // digest earlier versions recorded.
    if !details.is_empty() {
        hasher.update(b"\0details\0");
        hasher.update(serde_json::to_vec(details).expect("details serialize"));
    }
    hasher.finalize().iter().fold(String::new(), |mut out, b| {
        out.push_str(&format!("{b:02x}"));
        out
    })
}

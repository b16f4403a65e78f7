//! Who may use a shared server, and for what. In local mode (`--db`) the person who can
//! write the file is trusted with everything; on a server every request is checked
//! against the caller's role here.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::refusal::Refusal;

/// What a user may do on a server. Each role includes the ones before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum UserRole {
    /// Reads, judges checks, allocates, proposes, declares conflicts.
    Reviewer,
    /// Also approves proposals and reopens decided cases.
    Approver,
    /// Also imports, manages users, writes letters and exports.
    Admin,
}

impl UserRole {
    pub const ALL: [UserRole; 3] = [UserRole::Reviewer, UserRole::Approver, UserRole::Admin];

    pub fn as_str(self) -> &'static str {
        match self {
            UserRole::Reviewer => "reviewer",
            UserRole::Approver => "approver",
            UserRole::Admin => "admin",
        }
    }

    pub fn parse(text: &str) -> Option<UserRole> {
        UserRole::ALL.into_iter().find(|r| r.as_str() == text)
    }

    /// Whether this role includes `needed`.
    pub fn allows(self, needed: UserRole) -> bool {
        self >= needed
    }
}

/// How a login signs: the full name and title an official letter is signed with
/// ("Bente Cecilie Foss", "seniorrådgiver").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Official {
    pub name: String,
    pub title: Option<String>,
}

/// The longest name or title kept for a signature.
pub const MAX_SIGNATURE_CHARS: usize = 100;

impl Official {
    /// A name and title as given: the name required, both on one line and within the
    /// limit.
    pub fn new(name: &str, title: Option<&str>) -> Result<Official, Refusal> {
        let clean = |text: &str| -> Result<String, Refusal> {
            let text = text.trim();
            if text.chars().count() > MAX_SIGNATURE_CHARS {
                return Err(Refusal::TooLong {
                    limit: MAX_SIGNATURE_CHARS,
                });
            }
            if text.chars().any(char::is_control) {
                return Err(Refusal::NotOneLine);
            }
            Ok(text.to_string())
        };
        let name = clean(name)?;
        if name.is_empty() {
            return Err(Refusal::NameRequired);
        }
        let title = title.map(clean).transpose()?.filter(|t| !t.is_empty());
        Ok(Official { name, title })
    }
}

/// A user of a server: a login name of the machine, with a role.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub login: String,
    pub role: UserRole,
    pub added_by: String,
    pub added_at: DateTime<Utc>,
}

/// The longest login name accepted; Linux's own limit is 32.
pub const MAX_LOGIN_LEN: usize = 64;

/// A login name as POSIX has it: ASCII letters, digits, `.`, `_` and `-`, not first a
/// `-`; also `@` (directory services' `name@domain`) and a final `$` (machine
/// accounts). Nothing else, so no invisible character or look-alike letter (a Cyrillic
/// `а`) can make a second user who reads as the first.
pub fn validate_login(login: &str) -> Result<(), Refusal> {
    let body = login.strip_suffix('$').unwrap_or(login);
    let fine = body.chars().any(|c| c.is_ascii_alphanumeric())
        && login.len() <= MAX_LOGIN_LEN
        && !login.starts_with('-')
        && body
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '@'));
    if fine {
        Ok(())
    } else {
        Err(Refusal::InvalidLogin {
            login: login.to_string(),
        })
    }
}

/// Whether removing `login` from `users` would leave nobody to administer the server.
pub fn removes_last_admin(users: &[User], login: &str) -> bool {
    let admins: Vec<&User> = users.iter().filter(|u| u.role == UserRole::Admin).collect();
    admins.len() == 1 && admins[0].login == login
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(login: &str, role: UserRole) -> User {
        User {
            login: login.into(),
            role,
            added_by: "root".into(),
            added_at: DateTime::UNIX_EPOCH,
        }
    }

    #[test]
    fn roles_include_the_ones_before_them() {
        assert!(UserRole::Admin.allows(UserRole::Approver));
        assert!(UserRole::Approver.allows(UserRole::Reviewer));
        assert!(!UserRole::Reviewer.allows(UserRole::Approver));
        assert!(!UserRole::Approver.allows(UserRole::Admin));
        for role in UserRole::ALL {
            assert_eq!(UserRole::parse(role.as_str()), Some(role));
        }
    }

    #[test]
    fn logins_are_single_words() {
        assert!(validate_login("kari").is_ok());
        assert!(validate_login("ola.nordmann").is_ok());
        assert!(validate_login("kari@fylke.example").is_ok());
        assert!(validate_login("host$").is_ok());
        for bad in [
            "",
            "ka ri",
            "-x",
            "a:b",
            "a\u{1b}b",
            &"x".repeat(65),
            "kari\u{200b}",
            "k\u{430}ri",
            "kåre",
            "$",
            "a$b",
            ".",
            "..",
        ] {
            assert!(validate_login(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn the_last_admin_stays() {
        let users = [
            user("tilskudd", UserRole::Admin),
            user("kari", UserRole::Reviewer),
        ];
        assert!(removes_last_admin(&users, "tilskudd"));
        assert!(!removes_last_admin(&users, "kari"));
        let two = [user("a", UserRole::Admin), user("b", UserRole::Admin)];
        assert!(!removes_last_admin(&two, "a"));
    }
}

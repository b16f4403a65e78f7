//! The users of a shared server: who may connect, and in which role.

use super::commands::record;
use super::{Receipt, Service};
use crate::domain::access::{removes_last_admin, validate_login};
use crate::domain::{Change, Official, Refusal, User, UserRole};
use crate::error::{Error, Result};
use crate::store::View;

/// Whether `login` holds at least `needs` as stored in `view` (a write transaction):
/// refused as at the door where they were removed or demoted meanwhile.
pub(super) fn still_allowed(view: &impl View, login: &str, needs: UserRole) -> Result<()> {
    match view.user(login)? {
        Some(user) if user.role.allows(needs) => Ok(()),
        Some(user) => Err(Error::Forbidden {
            login: login.to_string(),
            role: user.role,
            needs,
        }),
        None => Err(Error::UnknownUser {
            login: login.to_string(),
            admins: view.users().map(|users| admins(&users)).unwrap_or_default(),
        }),
    }
}

impl Service {
    /// The user with this login, or why they may not use the server, naming the admins
    /// to ask.
    pub fn user(&self, login: &str) -> Result<User> {
        self.store.read(|view| {
            view.user(login)?.ok_or_else(|| Error::UnknownUser {
                login: login.to_string(),
                admins: view.users().map(|users| admins(&users)).unwrap_or_default(),
            })
        })
    }

    pub fn users(&self) -> Result<Vec<User>> {
        Ok(self.store.read(View::users)?)
    }

    /// Makes `login` an admin unless it already is: what `serve` does for the account
    /// it runs as, so a new server always has someone to add the others.
    pub fn ensure_admin(&self, login: &str) -> Result<Receipt> {
        if matches!(self.user(login), Ok(user) if user.role == UserRole::Admin) {
            return Ok(Receipt::default());
        }
        self.add_user(login, login, UserRole::Admin)
    }

    pub(super) fn add_user(&self, actor: &str, login: &str, role: UserRole) -> Result<Receipt> {
        validate_login(login)?;
        // A server knows people by the accounts of its machine: a name that is none
        // (a typo) would be a user nobody can ever be.
        if !matches!(nix::unistd::User::from_name(login), Ok(Some(_))) {
            return Err(Refusal::NoSuchAccount {
                login: login.to_string(),
            }
            .into());
        }
        let at = self.now();
        self.store.write(|writer| {
            let before = writer.user(login)?;
            if before.as_ref().is_some_and(|u| u.role == role) {
                return Ok(Receipt::default());
            }
            if before.as_ref().is_some_and(|u| u.role == UserRole::Admin)
                && removes_last_admin(&writer.users()?, login)
            {
                return Err(Refusal::LastAdmin {
                    login: login.to_string(),
                }
                .into());
            }
            writer.put_user(&User {
                login: login.to_string(),
                role,
                added_by: actor.to_string(),
                added_at: at,
            })?;
            let change = Change::UserAdded {
                login: login.to_string(),
                role,
                before: before.map(|u| u.role),
            };
            Ok(Receipt {
                events: record(writer, actor, at, None, vec![change])?,
                ..Receipt::default()
            })
        })
    }

    /// The names and titles logins sign letters with.
    pub fn officials(&self) -> Result<std::collections::BTreeMap<String, Official>> {
        Ok(self.store.read(View::officials)?)
    }

    /// Sets the full name and title `login` signs letters with. A title of `""` removes
    /// it; what is not given stays as it was, and a name is needed in the end.
    pub(super) fn set_official(
        &self,
        actor: &str,
        login: &str,
        name: Option<&str>,
        title: Option<&str>,
    ) -> Result<Receipt> {
        validate_login(login)?;
        let at = self.now();
        self.store.write(|writer| {
            let before = writer.official(login)?;
            let name = name
                .or(before.as_ref().map(|o| o.name.as_str()))
                .unwrap_or_default();
            let title = match title {
                Some(title) => Some(title),
                None => before.as_ref().and_then(|o| o.title.as_deref()),
            };
            let after = Official::new(name, title)?;
            if before.as_ref() == Some(&after) {
                return Ok(Receipt::default());
            }
            writer.put_official(login, &after)?;
            let change = Change::OfficialNamed {
                login: login.to_string(),
                before,
                after,
            };
            Ok(Receipt {
                events: record(writer, actor, at, None, vec![change])?,
                ..Receipt::default()
            })
        })
    }

    pub(super) fn remove_user(&self, actor: &str, login: &str) -> Result<Receipt> {
        let at = self.now();
        self.store.write(|writer| {
            let Some(user) = writer.user(login)? else {
                return Err(Refusal::NoSuchUser {
                    login: login.to_string(),
                }
                .into());
            };
            if removes_last_admin(&writer.users()?, login) {
                return Err(Refusal::LastAdmin {
                    login: login.to_string(),
                }
                .into());
            }
            writer.remove_user(login)?;
            let change = Change::UserRemoved {
                login: login.to_string(),
                role: user.role,
            };
            Ok(Receipt {
                events: record(writer, actor, at, None, vec![change])?,
                ..Receipt::default()
            })
        })
    }
}

fn admins(users: &[User]) -> Vec<String> {
    users
        .iter()
        .filter(|u| u.role == UserRole::Admin)
        .map(|u| u.login.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::service::Command;
    use crate::store::Store;

    fn service_with(login: &str, role: UserRole) -> Service {
        let service = Service::new(Store::in_memory().unwrap());
        crate::demo::import_fixtures(&service).unwrap();
        let user = User {
            login: login.into(),
            role,
            added_by: "test".into(),
            added_at: chrono::Utc::now(),
        };
        service.store().write(|w| w.put_user(&user)).unwrap();
        service
    }

    fn check() -> Command {
        Command::RecordCheck {
            reference: "INN-2022-001".into(),
            check: crate::domain::CheckId::Plan,
            verdict: crate::domain::Verdict::Met,
            note: None,
            pot: None,
        }
    }

    /// A client's role is checked when the request arrives and again inside the
    /// transaction the command runs in: one removed or demoted while the command waited
    /// for the writer is refused, and nothing is stored.
    #[test]
    fn a_user_removed_or_demoted_while_their_command_waited_is_refused_inside_it() {
        let service = service_with("kari", UserRole::Reviewer);
        let before = service.last_event().unwrap();
        service.store().write(|w| w.remove_user("kari")).unwrap();
        let refused = service.execute_for_peer("kari", check(), None).unwrap_err();
        assert!(matches!(refused, Error::UnknownUser { .. }), "{refused:?}");
        assert_eq!(service.last_event().unwrap(), before);

        let service = service_with("per", UserRole::Reviewer);
        let approve = Command::Approve {
            reference: "INN-2022-001".into(),
            proposal: None,
        };
        let refused = service.execute_for_peer("per", approve, None).unwrap_err();
        assert!(
            matches!(
                refused,
                Error::Forbidden {
                    needs: UserRole::Approver,
                    ..
                }
            ),
            "{refused:?}"
        );
        // Still a reviewer: a reviewer's command goes through.
        service.execute_for_peer("per", check(), None).unwrap();
    }
}

//! `tilskudd`: review and decide stimulus-fund applications from municipal child-welfare
//! learning networks.
//!
//! - [`domain`]: money, registry, rounds, cases, checks and their rules. Pure.
//! - [`store`]: the redb tables, migrations and the event log. Nothing else touches redb.
//! - [`import`]: reading the registry, round and application formats into domain types.
//! - [`service`]: every command and query, the one API below all front-ends.
//! - [`i18n`]: every user-facing text, in bokmål and English.
//! - [`server`]: `serve` and its client, the same service over a Unix socket.
//! - [`cli`]: the command-line front-end.
//! - [`tui`]: the review screen (ratatui), the other front-end.
//! - [`output`]: what both front-ends put out: letter and export files, lookup text.
//! - [`letters`]: the grant letters in Markdown, with untrusted text escaped.
//! - [`demo`], [`dev`]: the bundled examples, and synthetic data and maintenance.

pub mod cli;
pub mod demo;
pub mod dev;
pub mod domain;
pub mod error;
pub mod i18n;
pub mod import;
pub mod letters;
pub mod output;
pub mod server;
pub mod service;
pub mod store;
pub mod tui;

//! Developer tools: `tilskudd dev generate`, synthetic but realistic data at any scale.

pub mod generate;

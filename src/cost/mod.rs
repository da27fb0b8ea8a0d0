//! Where a krone is counted: cost items, payers, the per-replication ledger and discounting.

pub mod defaults;
mod item;
mod ledger;

pub use item::{CostItem, Payer, Perspective, N_ITEMS, N_PAYERS};
pub use ledger::{monthly_discount_factor, Ledger};

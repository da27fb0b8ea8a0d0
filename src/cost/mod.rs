//! Where a krone is counted: cost items, payers, the one price list, the per-replication ledger
//! and discounting.

pub mod defaults;
mod item;
mod ledger;
mod prices;

pub use item::{CostItem, Payer, Perspective, N_ITEMS, N_PAYERS};
pub use ledger::{monthly_discount_factor, Ledger, YearCosts};
pub use prices::{PriceList, ProgramPrices, StaffMonth, PROGRAM_MONTH_ITEMS};

//! Cost items and who pays them (docs/sources.md §4–§8).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::fmt;

/// One line of the municipality's (or another payer's) bill.
///
/// Every item has a stable snake_case name used in scenario files and output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CostItem {
    /// Program staff: FTE × full annual cost per FTE ÷ 12 a month; a fixed cost paid whether or
    /// not units are occupied (docs/sources.md §4). Ratio-staffed Housing First teams scale with
    /// participants instead.
    Staff,
    /// Security guards (FTE × annual cost; fixed).
    Guards,
    /// Caretaker with a social role ("miljøvaktmester"; FTE × annual cost; fixed).
    Caretaker,
    /// Capital or rent cost of every unit, occupied or not, per unit-month.
    UnitCapital,
    /// Running cost per occupied unit-month.
    UnitRunning,
    /// Rent of Housing First dwellings per participant-month.
    HousingFirstRent,
    /// The municipality's extra outlay for housing costs where a resident's income does not
    /// cover them (docs/sources.md §5), per resident-month.
    ExtraHousingOutlay,
    /// Bought temporary housing (hospits): housing plus follow-up per person-month, paid only when
    /// used (docs/sources.md §5: 25,000 + 2,000 NOK).
    Hospits,
    /// Repair at every move-out from a unit (docs/sources.md §7: 55,000 NOK ordinary, 150,000–200,000
    /// NOK for an outward-aggressive or misplaced resident).
    DamageRepair,
    /// Staff hours spent helping a resident move out (docs/sources.md §7).
    MovingStaff,
    /// Optional cost per person-month of being homeless.
    Homeless,
    /// Optional cost per person-month in an institution.
    Institution,
    /// Optional cost per person-month of follow-up in ordinary housing.
    OrdinaryFollowUp,
    /// Rent paid by residents (including housing allowance): a negative flow for the payer that
    /// receives it and a positive one for the resident.
    ResidentContribution,
}

/// Number of [`CostItem`]s.
pub const N_ITEMS: usize = 14;

impl CostItem {
    /// All items in output order.
    pub const ALL: [CostItem; N_ITEMS] = [
        CostItem::Staff,
        CostItem::Guards,
        CostItem::Caretaker,
        CostItem::UnitCapital,
        CostItem::UnitRunning,
        CostItem::HousingFirstRent,
        CostItem::ExtraHousingOutlay,
        CostItem::Hospits,
        CostItem::DamageRepair,
        CostItem::MovingStaff,
        CostItem::Homeless,
        CostItem::Institution,
        CostItem::OrdinaryFollowUp,
        CostItem::ResidentContribution,
    ];

    /// Position in [`CostItem::ALL`].
    #[inline]
    pub fn index(self) -> usize {
        self as usize
    }

    /// The snake_case name used in files and output.
    pub const fn name(self) -> &'static str {
        match self {
            CostItem::Staff => "staff",
            CostItem::Guards => "guards",
            CostItem::Caretaker => "caretaker",
            CostItem::UnitCapital => "unit_capital",
            CostItem::UnitRunning => "unit_running",
            CostItem::HousingFirstRent => "housing_first_rent",
            CostItem::ExtraHousingOutlay => "extra_housing_outlay",
            CostItem::Hospits => "hospits",
            CostItem::DamageRepair => "damage_repair",
            CostItem::MovingStaff => "moving_staff",
            CostItem::Homeless => "homeless",
            CostItem::Institution => "institution",
            CostItem::OrdinaryFollowUp => "ordinary_follow_up",
            CostItem::ResidentContribution => "resident_contribution",
        }
    }

    /// Who pays this item unless the scenario says otherwise (`costs.payers`).
    ///
    /// Institutions belong to the specialist health service; everything else in the model is a
    /// municipal service (hospits places are bought by NAV's municipal social services). For
    /// `resident_contribution` this is the payer that *receives* the rent.
    pub fn default_payer(self) -> Payer {
        match self {
            CostItem::Institution => Payer::SpecialistHealth,
            _ => Payer::Municipality,
        }
    }
}

impl fmt::Display for CostItem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

crate::names::deserialize_by_name!(CostItem, "cost item");

/// Who pays a cost item.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Payer {
    /// The municipality (kommune), including NAV's municipal social services.
    Municipality,
    /// NAV and other state budgets (e.g. state-funded housing allowance).
    NavState,
    /// The specialist health service (hospital trusts).
    SpecialistHealth,
    /// The resident.
    Resident,
}

/// Number of [`Payer`]s.
pub const N_PAYERS: usize = 4;

impl Payer {
    /// All payers in output order.
    pub const ALL: [Payer; N_PAYERS] = [
        Payer::Municipality,
        Payer::NavState,
        Payer::SpecialistHealth,
        Payer::Resident,
    ];

    /// Position in [`Payer::ALL`].
    #[inline]
    pub fn index(self) -> usize {
        self as usize
    }

    /// The snake_case name used in files and output.
    pub fn name(self) -> &'static str {
        match self {
            Payer::Municipality => "municipality",
            Payer::NavState => "nav_state",
            Payer::SpecialistHealth => "specialist_health",
            Payer::Resident => "resident",
        }
    }
}

impl fmt::Display for Payer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Whose costs a total counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Perspective {
    /// Only what the municipality pays (and receives).
    #[default]
    Municipality,
    /// Every payer together; transfers between payers (residents' rent) net out.
    Society,
}

impl Perspective {
    /// Whether this perspective counts what `payer` pays.
    #[inline]
    pub fn counts(self, payer: Payer) -> bool {
        match self {
            Perspective::Municipality => payer == Payer::Municipality,
            Perspective::Society => true,
        }
    }

    /// The snake_case name used in files and output.
    pub fn name(self) -> &'static str {
        match self {
            Perspective::Municipality => "municipality",
            Perspective::Society => "society",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn item_indices_match_their_position() {
        for (i, item) in CostItem::ALL.iter().enumerate() {
            assert_eq!(item.index(), i);
            let json = serde_json::to_string(item).unwrap();
            assert_eq!(json, format!("\"{}\"", item.name()));
        }
        for (i, p) in Payer::ALL.iter().enumerate() {
            assert_eq!(p.index(), i);
        }
    }

    #[test]
    fn perspectives_count_the_right_payers() {
        assert!(Perspective::Municipality.counts(Payer::Municipality));
        assert!(!Perspective::Municipality.counts(Payer::Resident));
        assert!(Payer::ALL.iter().all(|p| Perspective::Society.counts(*p)));
    }
}

"""The demo's creditors and the kinds of debt they place, with the numbers that make each look real.

Balances are lognormal (most debts are small, a few are large) with a median and spread per debt type:
a hospital's accounts are a few hundred dollars, an auto lender's deficiency balances several thousand.
"""

from dataclasses import dataclass, field

from arrears.clients.models import CollectionMode, RemittanceCycle


@dataclass(frozen=True)
class DebtProfile:
    debt_type: str
    median_cents: int
    sigma: float  # of the natural log of the balance
    min_cents: int
    max_cents: int
    charge_off_after_days: int | None  # days past due at which the creditor charges off; None: it does not
    interest_share: tuple[float, float] = (0.0, 0.0)  # of the itemization amount, already accrued
    fees_cents: tuple[int, int] = (0, 0)  # fees already on the account at the itemization date
    costs_cents: tuple[int, int] = (0, 0)  # e.g. repossession and auction costs
    costs_share: float = 0.0  # of accounts that carry costs
    co_obligor_share: float = 0.0
    open_years: tuple[int, int] = (1, 8)  # how long before delinquency the account was opened
    original_account: str = "########"  # pattern of the original account number; # is a digit


DEBTS: dict[str, DebtProfile] = {
    p.debt_type: p
    for p in (
        DebtProfile("credit_card", 240_000, 0.85, 15_000, 4_000_000, 180, (0.08, 0.18), (0, 12_000),
                    co_obligor_share=0.05, open_years=(1, 12), original_account="XXXXXXXXXXXX####"),
        DebtProfile("personal_loan", 450_000, 0.75, 50_000, 3_500_000, 120, (0.03, 0.10), (0, 5_000),
                    co_obligor_share=0.10, open_years=(1, 5), original_account="PL-########"),
        DebtProfile("medical", 45_000, 1.0, 2_500, 6_000_000, None, open_years=(0, 0), original_account="V#########"),
        DebtProfile("utility", 32_000, 0.8, 3_000, 400_000, None, fees_cents=(0, 4_500), open_years=(1, 10),
                    original_account="##########"),
        DebtProfile("telecom", 28_000, 0.7, 3_000, 300_000, None, fees_cents=(0, 6_000), open_years=(1, 6),
                    original_account="8###########"),
        DebtProfile("auto_loan", 950_000, 0.6, 150_000, 4_500_000, 120, (0.02, 0.06), (0, 7_500),
                    costs_cents=(35_000, 95_000), costs_share=0.6, co_obligor_share=0.35, open_years=(1, 5),
                    original_account="AL########"),
        DebtProfile("rent", 280_000, 0.7, 40_000, 2_500_000, None, fees_cents=(5_000, 20_000), co_obligor_share=0.25,
                    open_years=(1, 4), original_account="L-######"),
    )
}


@dataclass(frozen=True)
class ClientProfile:
    code: str
    name: str
    share: float  # of the demo's accounts
    account_prefix: str
    debts: tuple[tuple[str, float], ...]  # (debt type, weight)
    original_creditors: dict[str, tuple[str, ...]]  # debt type -> names the client's accounts come from
    terms: dict = field(default_factory=dict)  # Client fields passed to create_client
    date_style: str = "iso"  # iso: 2025-06-30; us: 06/30/2025 (both are in the placement format)
    payments_share: float = 0.15  # of accounts with payments since the itemization date


CLIENTS: tuple[ClientProfile, ...] = (
    ClientProfile(
        "harbor-bank", "Harbor National Bank", 0.35, "HNB",
        (("credit_card", 0.7), ("personal_loan", 0.3)),
        {"credit_card": ("Harbor National Bank", "Harbor Rewards Visa", "Harbor Cash Back Mastercard"),
         "personal_loan": ("Harbor National Bank",)},
        {"commission_rate_bp": 2800, "remittance_cycle": RemittanceCycle.MONTHLY, "settlement_floor_bp": 5500,
         "collection_mode": CollectionMode.THIRD_PARTY, "longest_plan_months": 36, "interest_allowed": True,
         "interest_rate_bp": 600, "notes": "Charged-off cards and unsecured loans; contingency placements."},
    ),
    ClientProfile(
        "mercy-health", "Mercy Valley Health System", 0.25, "MV",
        (("medical", 1.0),),
        {"medical": ("Mercy Valley Medical Center", "Mercy Valley Emergency Physicians", "Mercy Valley Imaging",
                     "Mercy Valley Children's Hospital")},
        {"commission_rate_bp": 2200, "remittance_cycle": RemittanceCycle.BIWEEKLY, "settlement_floor_bp": 4000,
         "collection_mode": CollectionMode.THIRD_PARTY, "longest_plan_months": 24, "smallest_instalment_cents": 1500,
         "notes": "Self-pay balances after insurance; no interest or fees may be added."},
        date_style="us", payments_share=0.25,
    ),
    ClientProfile(
        "northwind", "Northwind Power & Telecom", 0.18, "NW",
        (("utility", 0.6), ("telecom", 0.4)),
        {"utility": ("Northwind Power & Light",), "telecom": ("Northwind Wireless", "Northwind Fiber")},
        {"commission_rate_bp": 2000, "remittance_cycle": RemittanceCycle.WEEKLY, "settlement_floor_bp": 7000,
         "collection_mode": CollectionMode.CREDITOR_OWN_NAME, "longest_plan_months": 12, "fees_allowed": True,
         "returned_payment_fee_cents": 2500, "notes": "Final bills after disconnection; collected in Northwind's name."},
        payments_share=0.1,
    ),
    ClientProfile(
        "summit-auto", "Summit Auto Finance", 0.10, "SAF",
        (("auto_loan", 1.0),),
        {"auto_loan": ("Summit Auto Finance",)},
        {"commission_rate_bp": 3000, "remittance_cycle": RemittanceCycle.SEMIMONTHLY, "settlement_floor_bp": 6500,
         "collection_mode": CollectionMode.CREDITOR_OTHER_NAME, "longest_plan_months": 48,
         "smallest_instalment_cents": 5000,
         "notes": "Deficiency balances after repossession and sale; collected as Summit Recovery Services."},
    ),
    ClientProfile(
        "keystone", "Keystone Property Management", 0.12, "KPM",
        (("rent", 1.0),),
        {"rent": ("Keystone at Riverside Apartments", "Keystone Commons", "Keystone Lofts", "Keystone Gardens")},
        {"commission_rate_bp": 3500, "remittance_cycle": RemittanceCycle.MONTHLY, "settlement_floor_bp": 5000,
         "collection_mode": CollectionMode.THIRD_PARTY, "longest_plan_months": 18,
         "notes": "Unpaid rent, fees and damages after move-out."},
        payments_share=0.08,
    ),
)

BY_CODE = {profile.code: profile for profile in CLIENTS}


def split_accounts(total: int, clients: tuple[ClientProfile, ...] = CLIENTS) -> list[tuple[ClientProfile, int]]:
    """Share `total` accounts among the clients by their shares, exactly (largest remainder)."""
    weight = sum(c.share for c in clients)
    exact = [total * c.share / weight for c in clients]
    counts = [int(x) for x in exact]
    by_remainder = sorted(range(len(clients)), key=lambda i: (counts[i] - exact[i], i))
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return list(zip(clients, counts))

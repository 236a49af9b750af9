"""Words for the texts people write: purposes, outcomes, reasons, cases, names.

Short, plausible and varied enough that a view or a screen shows something that
reads like a sales team's record; never a real person's data.
"""

from __future__ import annotations

from collections.abc import Sequence
from random import Random

SURNAMES = (
    "Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou",
    "Xu", "Sun", "Ma", "Zhu", "Hu", "Guo", "He", "Lin", "Gao", "Luo",
)  # fmt: skip
GIVEN = (
    "Wei", "Fang", "Min", "Jie", "Lei", "Yang", "Jun", "Qiang", "Li", "Hua",
    "Ying", "Hao", "Xin", "Yu", "Lin", "Tao", "Ping", "Gang", "Yan", "Bo",
)  # fmt: skip
CITIES = (
    "Hangzhou", "Ningbo", "Wenzhou", "Yiwu", "Shaoxing", "Suzhou", "Wuxi", "Shenzhen",
    "Dongguan", "Foshan", "Qingdao", "Tianjin", "Xiamen", "Quanzhou", "Chengdu",
)  # fmt: skip
TRADES = (
    "Textiles", "Hardware", "Packaging", "Lighting", "Ceramics", "Toys", "Furniture",
    "Auto Parts", "Garments", "Valves", "Bearings", "Tea", "Bags", "Plastics",
)  # fmt: skip
SEGMENTS = ("SME manufacturing", "SME trading", "logistics", "exporter")
PURPOSES = (
    "Their export manager asked about listing costs at the trade fair; show the package now.",
    "They lost a big buyer last month and need new leads: show the buyer inquiries we bring.",
    "Contract ends next quarter; review their inquiries and agree the renewal before budgets.",
    "New factory line opened; meet the owner while they plan this year's marketing.",
    "Competitor's contract just ended; introduce ourselves before they renew elsewhere.",
    "Follow up the quote we sent; answer the boss's questions on the keyword ranking.",
)
OUTCOMES = (
    "Owner interested; wants the price for two showrooms.",
    "Met the export manager; they will compare with last year's trade fair costs.",
    "Agreed a trial of the inquiry report; decision after their board meets.",
    "Not ready this year; cash is tight after the new line.",
    "Positive; asked for a case of a similar exporter in their city.",
    "Signed intent; contract to follow once the boss approves.",
)
NEXT_STEPS = (
    "Send the case study and call on Friday.",
    "Bring the contract and a payment plan next visit.",
    "Invite them to the Thursday seminar.",
    "Check back after the festival.",
    "Ask the manager to join the next visit.",
)
MET = ("the owner", "the export manager", "the owner and his daughter", "the sales director")
COACHING = (
    "Before you go: ask about their buyers first, the package second. Do one, two, three.",
    "Take the renewal numbers with you: last year's inquiries per month, by product.",
    "Meet the boss, not the clerk; call ahead and ask for twenty minutes.",
)
WHY_SIGNED = (
    "The owner saw the inquiries a neighbour's factory gets and wanted the same.",
    "We showed a year of inquiries; renewal was an easy decision.",
    "Three visits built trust; the seminar case closed it.",
    "Their buyer moved online; they needed a storefront before the autumn fair.",
)
CANCEL_REASONS = (
    "Customer postponed: the owner is abroad.",
    "Customer asked to meet after their audit.",
    "Typhoon warning; rescheduled.",
    "Rep off sick.",
)
TOPICS = (
    "Planning visits with a purpose: why this customer, why now.",
    "Handling the price objection at the second visit.",
    "Forecasting the month: which deals are real.",
    "Renewals: prepare the inquiry report before the visit.",
)
AGREED = (
    "Plan tomorrow's visits before 9 and send them for review.",
    "Two ride-alongs next week on the hardest prospects.",
    "Write the why of every signed deal on the day.",
    "Call every renewal due next month this week.",
)
CASES = (
    "Stayed late to fix a customer's listing before their fair.",
    "Shared her prospect list with a new colleague who had none.",
    "Told the customer our package would not suit them yet.",
    "Reported a pricing mistake in his own contract at once.",
    "Took over a sick colleague's visits without being asked.",
    "Proposed the Thursday seminar format the whole region adopted.",
)
WHERE = ("visit log", "deal record", "team meeting notes", "customer's email", "coaching record")


def pick(rng: Random, choices: Sequence[str]) -> str:
    return choices[rng.randrange(len(choices))]


def person_name(rng: Random) -> str:
    return f"{pick(rng, SURNAMES)} {pick(rng, GIVEN)}{pick(rng, GIVEN).lower()}"


def company_name(rng: Random) -> str:
    return f"{pick(rng, CITIES)} {pick(rng, TRADES)} Co."

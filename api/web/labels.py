"""The English words for the domain's codes shown on the pages; each is a msgid of the
catalogues, so a page shows the reader's word for it (an unknown code shows as it is)."""

from __future__ import annotations

from collections.abc import Callable

TERMS: dict[str, dict[str, str]] = {
    "role": {
        "rep": "Sales rep",
        "manager": "Manager",
        "hrbp": "HRBP",
        "auditor": "HR auditor",
        "admin": "Administrator",
    },
    "step": {
        "self-assessment": "Self-assessment",
        "manager-assessment": "Manager assessment",
        "hrbp-review": "HRBP review",
        "calibration": "Calibration",
        "conversation": "Review conversation",
        "acknowledgement": "Acknowledgement",
        "finalisation": "Finalisation",
        "final": "Final",
    },
    "placement": {
        "star": "Star",
        "wild dog": "Wild dog",
        "ox": "Ox",
        "white rabbit": "White rabbit",
        "dog": "Dog",
    },
    "event": {
        "Opened": "Review opened",
        "ValuesAssessmentSealed": "Values assessment sealed",
        "PerformanceRated": "Performance rated",
        "HrbpCountersigned": "HRBP countersigned",
        "HrbpVetoed": "HRBP vetoed",
        "VetoResolved": "Veto resolved",
        "AssessmentAmended": "Assessment amended",
        "RatingCalibrated": "Rating calibrated",
        "Calibrated": "Calibrated",
        "ConversationHeld": "Conversation held",
        "Acknowledged": "Acknowledged",
        "AppealLodged": "Appeal lodged",
        "AppealDecided": "Appeal decided",
        "IntegrityFindingRecorded": "Integrity finding recorded",
        "ReviewFinalised": "Review finalised",
        "TalentPlaced": "Placed in the talent matrix",
    },
    "value": {
        "customer-first": "Customer first",
        "teamwork": "Teamwork",
        "embrace-change": "Embrace change",
        "integrity": "Integrity",
        "passion": "Passion",
        "dedication": "Dedication",
        "customers-first": "Customers first",
        "trust": "Trust makes it simple",
        "change": "Change is the only constant",
        "raise-the-bar": "Today's best is tomorrow's baseline",
        "ownership": "If not now, when? If not me, who?",
    },
    "measure": {
        "cash": "Cash received",
        "new_customers": "New customers",
        "renewals": "Renewals",
        "visits": "Visits",
        "deals": "Deals",
    },
    "band": {"high": "High", "middle": "Middle", "low": "Low"},
    "forecaster": {"rep": "Rep's forecast", "manager": "Manager's forecast"},
    "visit": {"approve": "Approved", "coach": "Coached"},
}


def term(gettext: Callable[[str], str]) -> Callable[[str, object], str]:
    """The reader's word for a code of a kind (``term('step', 'calibration')``)."""

    def translated(kind: str, code: object) -> str:
        if code is None:
            return "–"
        english = TERMS.get(kind, {}).get(str(code))
        return gettext(english) if english else str(code)

    return translated

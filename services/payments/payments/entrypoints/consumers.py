"""The events the payments service consumes, each bound to its contract."""

from common.events import offerings
from common.messaging.consumer import Handlers
from payments.service import read_model

CONSUMES: Handlers = {
    offerings.OfferingCreatedV1: read_model.offering_known,
    offerings.OfferingUpdatedV1: read_model.offering_known,
    offerings.OfferingSettledV1: read_model.offering_settled,
    offerings.InvestmentCreatedV1: read_model.investment_known,
    offerings.InvestmentUpdatedV1: read_model.investment_known,
    offerings.InvestmentApprovedV1: read_model.investment_known,
    offerings.InvestmentSettledV1: read_model.investment_known,
    offerings.InvestmentWithdrawnV1: read_model.investment_known,
    offerings.InvestmentRejectedV1: read_model.investment_known,
}

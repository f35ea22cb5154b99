"""The registry service's error catalog (13000-13999)."""

from common.errors import ErrorCatalog, ErrorSpec


class RegistryError(ErrorCatalog):
    CAPITALIZATION_NOT_FOUND = 13000
    ORGANIZATION_NOT_FOUND = 13001
    NOT_A_MEMBER = 13002
    FIELD_NOT_EDITABLE = 13003
    OWNER_NOT_FOUND = 13004
    NEGATIVE_SHARES = 13005
    # split
    SPLIT_NOT_ISSUED = 13100
    SPLIT_TOO_FEW_PARTS = 13101
    SPLIT_PART_NOT_POSITIVE = 13102
    SPLIT_SUM_MISMATCH = 13103
    # merge
    MERGE_NOT_ISSUED = 13200
    MERGE_NOTHING_TO_MERGE = 13201
    MERGE_OTHER_ORGANIZATION = 13202
    MERGE_OTHER_TYPE = 13203
    MERGE_OTHER_OWNER = 13204
    MERGE_REPEATED = 13205
    # issuance and transfer
    INSUFFICIENT_SHARES = 13300
    # export
    EXPORT_FORMAT_UNKNOWN = 13400

    @classmethod
    def specs(cls) -> dict[ErrorCatalog, ErrorSpec]:
        return _SPECS


_SPECS: dict[ErrorCatalog, ErrorSpec] = {
    RegistryError.CAPITALIZATION_NOT_FOUND: ErrorSpec(404, "The capitalization was not found", "No capitalization with this id is visible to the caller in this network: its owner, the organization's members and admins see it"),
    RegistryError.ORGANIZATION_NOT_FOUND: ErrorSpec(404, "The organization was not found", "No organization with this id in this network"),
    RegistryError.NOT_A_MEMBER: ErrorSpec(403, "You are not allowed to see or change this organization's register", "Only members of the organization and the network's admins may do this"),
    RegistryError.FIELD_NOT_EDITABLE: ErrorSpec(400, "Some of this information can not be changed here", "These fields are not editable; see fields"),
    RegistryError.OWNER_NOT_FOUND: ErrorSpec(400, "The owner was not found", "owner_id names no user of this network"),
    RegistryError.NEGATIVE_SHARES: ErrorSpec(400, "A number of shares can not be negative", "number_of_shares must be a whole number of 0 or more"),
    RegistryError.SPLIT_NOT_ISSUED: ErrorSpec(409, "Only issued shares can be split", "The capitalization's life_cycle_stage must be 1 (Issued) to split it"),
    RegistryError.SPLIT_TOO_FEW_PARTS: ErrorSpec(400, "A split needs two or more parts", "capitalizations must list two or more children, each with number_of_shares and price_per_share"),
    RegistryError.SPLIT_PART_NOT_POSITIVE: ErrorSpec(400, "Each part of a split needs at least one share", "Every child's number_of_shares must be a whole number above 0"),
    RegistryError.SPLIT_SUM_MISMATCH: ErrorSpec(400, "The parts must add up to the shares being split", "The children's number_of_shares must sum exactly to the parent's: a split neither creates nor discards shares"),
    RegistryError.MERGE_NOT_ISSUED: ErrorSpec(409, "Only issued shares can be merged", "Every capitalization merged must have life_cycle_stage 1 (Issued)"),
    RegistryError.MERGE_NOTHING_TO_MERGE: ErrorSpec(400, "Choose the capitalizations to merge with this one", "capitalization_ids must name one or more other capitalizations"),
    RegistryError.MERGE_OTHER_ORGANIZATION: ErrorSpec(409, "Only shares of the same organization can be merged", "Every capitalization merged must belong to the same organization"),
    RegistryError.MERGE_OTHER_TYPE: ErrorSpec(409, "Only shares of the same type can be merged", "Every capitalization merged must have the same capitalization_type"),
    RegistryError.MERGE_OTHER_OWNER: ErrorSpec(409, "Only shares of the same owner can be merged", "Every capitalization merged must have the same owner_id"),
    RegistryError.MERGE_REPEATED: ErrorSpec(400, "A capitalization can be merged only once", "capitalization_ids names a capitalization twice, or the one in the path"),
    RegistryError.INSUFFICIENT_SHARES: ErrorSpec(409, "There are not enough shares", "The capitalization the shares are taken from holds fewer than asked for"),
    RegistryError.EXPORT_FORMAT_UNKNOWN: ErrorSpec(400, "This export format is not available", "format must be ocf (Open Cap Format JSON)"),
}

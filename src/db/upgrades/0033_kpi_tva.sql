-- Version 32 -> 33: the TVA collected in the owner's aggregates (issue #19). Under the réel
-- regime the revenue of the channels, the trend, the hours and the sellers is read before tax:
-- each ticket, refund and order handed over adds its `tva_lines` (collected) to its hour and its
-- seller's row; under IFU it adds nothing. The upgrade rebuilds the aggregates from the documents
-- (migrate.rs, KPI_SINCE).
ALTER TABLE kpi_hours ADD COLUMN tva INTEGER NOT NULL DEFAULT 0;
ALTER TABLE kpi_tickets ADD COLUMN tva INTEGER NOT NULL DEFAULT 0;

-- Version 17 -> 18: the CNAS numbers a payslip must carry (issue #17): the shop's employer number
-- and each employee's social-security number.
ALTER TABLE shop_settings ADD COLUMN cnas_employer TEXT NOT NULL DEFAULT '';
ALTER TABLE employees ADD COLUMN cnas_number TEXT NOT NULL DEFAULT '';

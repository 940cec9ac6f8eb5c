//! Till rules set by the gérante: packaging rules, discount limits, sellers' PINs.

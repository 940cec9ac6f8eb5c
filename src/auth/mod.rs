//! Who may do what. Owns the tables `users` (with sellers' PINs), `roles` (with their discount
//! limits), `role_permissions`, `sessions`, `login_failures` and `api_tokens`. The one-time setup
//! code is a named value of the installation, kept by the settings store (`system_state`).
//!
//! One `Permission` enum names every capability; a role is a set of them (or the explicit
//! superuser flag); every route declares the `Access` it needs in the one route table (routes/table.rs).

pub mod login;
pub mod ops;
pub mod password;
pub mod session;
pub mod store;
pub mod views;
pub mod web;

use std::collections::BTreeSet;

/// Every capability a route, a menu entry or an API operation can require.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Permission {
    /// Create, edit and disable user accounts; issue and revoke API tokens.
    UsersManage,
    /// Edit what each role may do.
    RolesManage,
    /// Read the audit trail.
    AuditView,
    /// Edit the shop's identity and preferences.
    SettingsManage,
    /// Run the integrity check from the browser.
    SystemCheck,
    /// Open the catalogue: products, recipes, production sheets (without prices or costs).
    CatalogView,
    /// See sale prices.
    PricesView,
    /// See costs and margins.
    CostsView,
    /// Create and edit products, categories, packs, recipes; import and export.
    CatalogEdit,
    /// Create and edit suppliers.
    SuppliersManage,
    /// Back up, download a copy of the whole database, and set the backup schedule.
    BackupsManage,
    /// See stock levels, moves and counts.
    StockView,
    /// Move stock: transfers, adjustments, waste, counts.
    StockEdit,
    /// Purchases: create, receive, pay, cancel; supplier statements.
    PurchasesManage,
    /// Read the books: journal, ledgers, trial balance.
    BooksView,
    /// Close an accounting month.
    BooksClose,
    /// Write in the books: manual entries (journal OD) and their reversals, sub-accounts.
    BooksEdit,
    /// Reopen the last closed month (granted to no role: the administrator's alone).
    BooksReopen,
    /// Enter bills and pay them (from a drawer, the bank, or later).
    ExpensesManage,
    /// Sell at the till: tickets, parked tickets, payments.
    Sell,
    /// Give discounts, up to the role's limit.
    Discount,
    /// Refund a past ticket (credit note).
    Refund,
    /// Hold the cash: open and close shifts, pay-ins and pay-outs, bank deposits, "no sale".
    CashHold,
    /// See tickets, credit notes, X and Z reports, the day's totals.
    SalesView,
    /// Set up tills, printers, packaging rules, discount and variance limits.
    TillSettings,
    /// Record production runs (ingredients out, made goods in), without seeing costs.
    Produce,
    /// Take customer orders (and their deposits and balances), manage customers, receive orders from the lab and hand them over.
    OrdersTake,
    /// Cancel a customer order, refunding its deposit or keeping it as store credit.
    OrdersCancel,
    /// Change the agreed price of an order line (audited).
    PriceOverride,
    /// Set the counter's targets per product and weekday in the production plan.
    PlanEdit,
    /// See the staff, the day board, punches, hours and leave (not salaries).
    PeopleView,
    /// Manage the staff: employees, schedules, calendar, clocks, corrections, leave, locking a month.
    PeopleManage,
    /// See and set salaries.
    PeopleSalaries,
    /// Payroll: the rates, preparing, validating and paying a month, approving an advance above
    /// the month's net.
    PayrollManage,
    /// Hand out salary advances (from a drawer or the bank), within the month's net.
    PayrollAdvances,
    /// Deliveries: zones, deliverymen, runs (assigning ready orders), the report; taking a
    /// deliveryman's shortage as a loss.
    DeliveriesManage,
    /// Settle a run at the till, take a deliveryman's payment, set an order's zone and fee.
    DeliveriesSettle,
    /// Set a delivery fee above the zone's cap.
    DeliveryFee,
    /// See the owner's figures: the home's dashboard, the reports and their exports.
    ReportsView,
    /// B2B: business customers, price lists, orders, invoices and credit notes; approving an
    /// order beyond a customer's credit limit.
    B2bManage,
    /// B2B deliveries: see the day's business orders, send the delivery notes out and record
    /// what came back.
    B2bDeliver,
}

impl Permission {
    pub const ALL: &'static [Permission] = &[
        Permission::UsersManage,
        Permission::RolesManage,
        Permission::AuditView,
        Permission::SettingsManage,
        Permission::SystemCheck,
        Permission::CatalogView,
        Permission::PricesView,
        Permission::CostsView,
        Permission::CatalogEdit,
        Permission::SuppliersManage,
        Permission::BackupsManage,
        Permission::StockView,
        Permission::StockEdit,
        Permission::PurchasesManage,
        Permission::BooksView,
        Permission::BooksClose,
        Permission::BooksEdit,
        Permission::BooksReopen,
        Permission::ExpensesManage,
        Permission::Sell,
        Permission::Discount,
        Permission::Refund,
        Permission::CashHold,
        Permission::SalesView,
        Permission::TillSettings,
        Permission::Produce,
        Permission::OrdersTake,
        Permission::OrdersCancel,
        Permission::PriceOverride,
        Permission::PlanEdit,
        Permission::PeopleView,
        Permission::PeopleManage,
        Permission::PeopleSalaries,
        Permission::PayrollManage,
        Permission::PayrollAdvances,
        Permission::DeliveriesManage,
        Permission::DeliveriesSettle,
        Permission::DeliveryFee,
        Permission::ReportsView,
        Permission::B2bManage,
        Permission::B2bDeliver,
    ];

    /// The value stored in `role_permissions.permission`. Never change a released code.
    pub fn code(self) -> &'static str {
        match self {
            Permission::UsersManage => "utilisateurs.gerer",
            Permission::RolesManage => "roles.gerer",
            Permission::AuditView => "audit.voir",
            Permission::SettingsManage => "parametres.gerer",
            Permission::SystemCheck => "systeme.controler",
            Permission::CatalogView => "catalogue.voir",
            Permission::PricesView => "prix.voir",
            Permission::CostsView => "couts.voir",
            Permission::CatalogEdit => "catalogue.modifier",
            Permission::SuppliersManage => "fournisseurs.gerer",
            Permission::BackupsManage => "sauvegardes.gerer",
            Permission::StockView => "stock.voir",
            Permission::StockEdit => "stock.modifier",
            Permission::PurchasesManage => "achats.gerer",
            Permission::BooksView => "compta.voir",
            Permission::BooksClose => "compta.cloturer",
            Permission::BooksEdit => "compta.saisir",
            Permission::BooksReopen => "compta.rouvrir",
            Permission::ExpensesManage => "depenses.gerer",
            Permission::Sell => "caisse.vendre",
            Permission::Discount => "caisse.remise",
            Permission::Refund => "caisse.rembourser",
            Permission::CashHold => "caisse.tenir",
            Permission::SalesView => "ventes.voir",
            Permission::TillSettings => "caisse.parametrer",
            Permission::Produce => "production.produire",
            Permission::OrdersTake => "commandes.prendre",
            Permission::OrdersCancel => "commandes.annuler",
            Permission::PriceOverride => "prix.modifier",
            Permission::PlanEdit => "production.planifier",
            Permission::PeopleView => "personnel.voir",
            Permission::PeopleManage => "personnel.gerer",
            Permission::PeopleSalaries => "personnel.salaires",
            Permission::PayrollManage => "paie.gerer",
            Permission::PayrollAdvances => "paie.avances",
            Permission::DeliveriesManage => "livraisons.gerer",
            Permission::DeliveriesSettle => "livraisons.regler",
            Permission::DeliveryFee => "livraisons.frais",
            Permission::ReportsView => "rapports.voir",
            Permission::B2bManage => "b2b.gerer",
            Permission::B2bDeliver => "b2b.livrer",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Permission::UsersManage => "Gérer les utilisateurs et les jetons d'API",
            Permission::RolesManage => "Modifier les droits des rôles",
            Permission::AuditView => "Consulter le journal d'audit",
            Permission::SettingsManage => "Modifier les paramètres de la boutique",
            Permission::SystemCheck => "Lancer le contrôle d'intégrité",
            Permission::CatalogView => "Consulter le catalogue, les recettes et les fiches de production",
            Permission::PricesView => "Voir les prix de vente",
            Permission::CostsView => "Voir les coûts et les marges",
            Permission::CatalogEdit => "Modifier le catalogue et les recettes, importer et exporter",
            Permission::SuppliersManage => "Gérer les fournisseurs",
            Permission::BackupsManage => "Gérer les sauvegardes et télécharger toute la base",
            Permission::StockView => "Voir le stock, ses mouvements et les inventaires",
            Permission::StockEdit => "Transférer, ajuster, déclarer les pertes, faire les inventaires",
            Permission::PurchasesManage => "Gérer les achats, leurs réceptions et leurs paiements",
            Permission::BooksView => "Consulter la comptabilité",
            Permission::BooksClose => "Clôturer un mois comptable",
            Permission::BooksEdit => "Saisir des écritures diverses et les contre-passer, ajouter des sous-comptes",
            Permission::BooksReopen => "Rouvrir le dernier mois clôturé (avec un motif)",
            Permission::ExpensesManage => "Saisir et payer les dépenses (factures, loyer, électricité…)",
            Permission::Sell => "Vendre à la caisse",
            Permission::Discount => "Accorder des remises (dans la limite du rôle)",
            Permission::Refund => "Rembourser un ticket (avoir)",
            Permission::CashHold => "Ouvrir et fermer la caisse, entrées et sorties d'espèces, dépôts en banque",
            Permission::SalesView => "Voir les tickets, les avoirs et les rapports X et Z",
            Permission::TillSettings => "Paramétrer les caisses, imprimantes, emballages et limites",
            Permission::Produce => "Enregistrer les productions (sans voir les coûts)",
            Permission::OrdersTake => {
                "Prendre les commandes des clients, encaisser acomptes et soldes, les recevoir et les remettre"
            }
            Permission::OrdersCancel => "Annuler une commande (remboursement de l'acompte ou avoir)",
            Permission::PriceOverride => "Changer le prix d'une ligne de commande",
            Permission::PlanEdit => "Fixer les objectifs du comptoir du plan de production",
            Permission::PeopleView => "Voir le personnel, le tableau du jour, les pointages, les heures et les congés",
            Permission::PeopleManage => {
                "Gérer le personnel : fiches, horaires, calendrier, pointeuses, corrections, congés, verrouillage du mois"
            }
            Permission::PeopleSalaries => "Voir et modifier les salaires",
            Permission::PayrollManage => {
                "Paie : barèmes, préparer, valider et payer le mois, approuver une avance au-delà du net"
            }
            Permission::PayrollAdvances => "Remettre des avances sur salaire (dans la limite du net du mois)",
            Permission::DeliveriesManage => {
                "Gérer les livraisons : zones, livreurs, tournées, rapport, manquant passé en perte"
            }
            Permission::DeliveriesSettle => {
                "Régler les tournées à la caisse, encaisser les livreurs, fixer la zone d'une livraison"
            }
            Permission::DeliveryFee => "Fixer des frais de livraison au-delà du plafond de la zone",
            Permission::ReportsView => {
                "Voir le tableau de bord, les indicateurs et les rapports (chiffres, marges, caisse)"
            }
            Permission::B2bManage => {
                "Clients pro : fiches, listes de prix, commandes, factures et avoirs, accord au-delà de l'encours"
            }
            Permission::B2bDeliver => {
                "Clients pro : prendre les commandes, sortir les bons de livraison, enregistrer les retours"
            }
        }
    }

    /// The group a permission is shown under in the role editor.
    pub fn group(self) -> &'static str {
        match self {
            Permission::UsersManage | Permission::RolesManage => "Utilisateurs et rôles",
            Permission::CatalogView
            | Permission::PricesView
            | Permission::CostsView
            | Permission::CatalogEdit
            | Permission::SuppliersManage => "Catalogue",
            Permission::AuditView
            | Permission::SettingsManage
            | Permission::SystemCheck
            | Permission::BackupsManage => "Administration",
            Permission::StockView | Permission::StockEdit | Permission::PurchasesManage | Permission::Produce => {
                "Stock et achats"
            }
            Permission::OrdersTake | Permission::OrdersCancel | Permission::PriceOverride => "Commandes des clients",
            Permission::PlanEdit => "Stock et achats",
            Permission::BooksView
            | Permission::BooksClose
            | Permission::BooksEdit
            | Permission::BooksReopen
            | Permission::ExpensesManage => "Comptabilité",
            Permission::Sell
            | Permission::Discount
            | Permission::Refund
            | Permission::CashHold
            | Permission::SalesView
            | Permission::TillSettings => "Caisse et ventes",
            Permission::PeopleView | Permission::PeopleManage | Permission::PeopleSalaries => "Personnel",
            Permission::PayrollManage | Permission::PayrollAdvances => "Paie",
            Permission::DeliveriesManage | Permission::DeliveriesSettle | Permission::DeliveryFee => "Livraisons",
            Permission::ReportsView => "Rapports",
            Permission::B2bManage | Permission::B2bDeliver => "Clients pro",
        }
    }

    pub fn from_code(code: &str) -> Option<Permission> {
        Permission::ALL.iter().copied().find(|p| p.code() == code)
    }

    /// What the counter needs (selling, refunding, the drawer, taking a customer's order), and all
    /// a PIN may open: a seller's PIN (4 to 6 digits, typed in front of customers) never hands the
    /// tablet the books, the settings or the administration.
    pub const TILL: &'static [Permission] = &[
        Permission::Sell,
        Permission::Discount,
        Permission::Refund,
        Permission::CashHold,
        Permission::SalesView,
        Permission::CatalogView,
        Permission::PricesView,
        Permission::StockView,
        Permission::OrdersTake,
        Permission::DeliveriesSettle,
        Permission::B2bDeliver,
    ];
}

/// What a route requires. Declared once per route, in routes/table.rs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, signed in or not (login, setup, health, static files). Kept to a short list that
    /// tests/it/routes.rs pins.
    Public,
    /// Any signed-in user, whatever their role (home page, own account, logout).
    SignedIn,
    /// A signed-in user whose role grants this permission.
    Perm(Permission),
}

/// The role of a user, with its effective permissions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Role {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub description: String,
    pub is_superuser: bool,
    pub permissions: BTreeSet<Permission>,
}

impl Role {
    pub fn grants(&self, p: Permission) -> bool {
        self.is_superuser || self.permissions.contains(&p)
    }

    /// A role that can do nothing beyond the counter (`Permission::TILL`): the only kind a PIN
    /// may switch the shared till to. A gérante or an administrator signs in with her password,
    /// or approves one operation with her PIN.
    pub fn within_till(&self) -> bool {
        !self.is_superuser && self.permissions.iter().all(|p| Permission::TILL.contains(p))
    }
}

/// The person behind a request: from a session cookie (pages) or a bearer token (API).
#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    /// The session's CSRF token; empty for API tokens, which carry no cookie.
    pub csrf: String,
}

impl CurrentUser {
    pub fn can(&self, p: Permission) -> bool {
        self.role.grants(p)
    }

    pub fn may(&self, access: Access) -> bool {
        match access {
            Access::Public | Access::SignedIn => true,
            Access::Perm(p) => self.can(p),
        }
    }

    pub fn actor(&self) -> crate::audit::Actor {
        crate::audit::Actor::user(self.id, &self.username)
    }
}

/// A user row as the admin pages show it.
#[derive(Debug, Clone)]
pub struct User {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role_id: i64,
    pub role_name: String,
    pub active: bool,
    pub created_at: String,
    pub last_login_at: Option<String>,
}

/// An API token as listed (never its secret, which is shown once).
#[derive(Debug, Clone)]
pub struct ApiToken {
    pub id: i64,
    pub user_id: i64,
    pub name: String,
    pub prefix: String,
    pub created_at: String,
    pub last_used_at: Option<String>,
    pub revoked_at: Option<String>,
}

pub const MIN_PASSWORD_LEN: usize = 10;

/// Checks a new password; the message goes beside the field.
pub fn password_problem(password: &str, username: &str) -> Option<String> {
    if password.chars().count() < MIN_PASSWORD_LEN {
        return Some(format!("Au moins {MIN_PASSWORD_LEN} caractères."));
    }
    if password.chars().count() > 200 {
        return Some("Au plus 200 caractères.".into());
    }
    if !username.is_empty() && password.to_lowercase().contains(&username.to_lowercase()) {
        return Some("Le mot de passe ne doit pas contenir le nom d'utilisateur.".into());
    }
    None
}

/// Checks a user name: letters, digits, dot, dash, underscore; 2 to 40 characters.
pub fn username_problem(username: &str) -> Option<String> {
    let n = username.chars().count();
    if n == 0 {
        return Some("Le nom d'utilisateur est obligatoire.".into());
    }
    if !(2..=40).contains(&n) {
        return Some("Entre 2 et 40 caractères.".into());
    }
    if !username.chars().all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_')) {
        return Some("Lettres, chiffres, point, tiret et souligné seulement, sans espace.".into());
    }
    None
}

/// A PIN is 4 to 6 digits. The message goes beside the field.
pub fn pin_problem(pin: &str) -> Option<&'static str> {
    let ok = (4..=6).contains(&pin.len()) && pin.bytes().all(|b| b.is_ascii_digit());
    (!ok).then_some("Le code PIN compte 4 à 6 chiffres.")
}

/// A random secret, hex-encoded (`bytes` random bytes → 2×bytes characters).
pub fn random_hex(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    getrandom::fill(&mut buf).expect("the operating system has no random source");
    buf.iter().map(|b| format!("{b:02x}")).collect()
}

/// The stored form of a bearer secret (session or API token): its SHA-256, hex.
pub fn token_hash(token: &str) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(token.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests;

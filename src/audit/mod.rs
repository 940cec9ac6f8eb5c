//! The audit trail: who changed what, when, with before/after. Owns `audit_log`, which triggers
//! keep append-only. Every operation that changes prices, stock, cash, users, permissions or
//! entries calls `record` inside its own transaction, so the trail and the change commit together.

pub mod store;
pub mod views;
pub mod web;

use chrono::NaiveDate;
use rusqlite::Transaction;
use serde_json::Value;

use crate::clock::Clock;
use crate::error::AppError;

/// Who does an operation and when: the actor for the trail, the moment (UTC, stored text) and the
/// shop's business day it belongs to. Handlers get it as an extractor (`auth::session`), the API
/// and the command line build it with `Stamp::new`; operations take it instead of three arguments.
#[derive(Debug, Clone)]
pub struct Stamp {
    pub actor: Actor,
    pub now: String,
    pub day: NaiveDate,
}

impl Stamp {
    /// The moment is read once, so `now` and `day` always agree.
    pub fn new(actor: Actor, clock: &Clock) -> Stamp {
        let at = clock.now();
        Stamp { actor, now: crate::clock::stamp(at), day: clock.business_day_of(at) }
    }
}

/// Who acted.
#[derive(Debug, Clone)]
pub struct Actor {
    pub user_id: Option<i64>,
    pub name: String,
    pub ip: String,
}

impl Actor {
    pub fn user(id: i64, username: &str) -> Actor {
        Actor { user_id: Some(id), name: username.to_string(), ip: String::new() }
    }
    /// The command line on the shop's computer (`fournil user add …`).
    pub fn cli() -> Actor {
        Actor { user_id: None, name: "ligne de commande".into(), ip: String::new() }
    }
    pub fn system() -> Actor {
        Actor { user_id: None, name: "système".into(), ip: String::new() }
    }
    pub fn from_ip(mut self, ip: &str) -> Actor {
        self.ip = ip.to_string();
        self
    }
}

/// Every kind of audited event. Codes are stored: never change a released one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditKind {
    SetupCompleted,
    LoginSucceeded,
    Logout,
    UserCreated,
    UserUpdated,
    UserDisabled,
    UserEnabled,
    PasswordChanged,
    PasswordReset,
    RoleUpdated,
    TokenCreated,
    TokenRevoked,
    SettingsChanged,
    ProductCreated,
    ProductUpdated,
    PriceChanged,
    CostChanged,
    ProductArchived,
    ProductRestored,
    ProductDeleted,
    PackagingChanged,
    RecipeSaved,
    RecipeDeleted,
    CategorySaved,
    CategoryDeleted,
    SupplierSaved,
    CatalogImported,
    PeriodClosed,
    StockMoved,
    PurchaseChanged,
    BackupSettingsChanged,
    BackupTaken,
    BackupDownloaded,
    DatabaseRestored,
    DiscountGiven,
    SaleRefunded,
    ShiftOpened,
    ShiftClosed,
    CashMoved,
    DrawerOpened,
    TillSettingsChanged,
    PinChanged,
    SellerSwitched,
    ReceiptReprinted,
    CustomerSaved,
    OrderCreated,
    OrderChanged,
    OrderPriceChanged,
    OrderPaid,
    OrderHandedOver,
    OrderCancelled,
    PlanChanged,
    EmployeeSaved,
    EnrolmentChanged,
    ScheduleSaved,
    PunchEntered,
    PunchVoided,
    QuarantineSettled,
    ClockChanged,
    CalendarChanged,
    LeaveChanged,
    HoursLocked,
    AttendanceSettingsChanged,
    DeliverySetup,
    DeliveryRun,
    DeliverySettled,
    DeliveryPayment,
}

impl AuditKind {
    pub const ALL: &'static [AuditKind] = &[
        AuditKind::SetupCompleted,
        AuditKind::LoginSucceeded,
        AuditKind::Logout,
        AuditKind::UserCreated,
        AuditKind::UserUpdated,
        AuditKind::UserDisabled,
        AuditKind::UserEnabled,
        AuditKind::PasswordChanged,
        AuditKind::PasswordReset,
        AuditKind::RoleUpdated,
        AuditKind::TokenCreated,
        AuditKind::TokenRevoked,
        AuditKind::SettingsChanged,
        AuditKind::ProductCreated,
        AuditKind::ProductUpdated,
        AuditKind::PriceChanged,
        AuditKind::CostChanged,
        AuditKind::ProductArchived,
        AuditKind::ProductRestored,
        AuditKind::ProductDeleted,
        AuditKind::PackagingChanged,
        AuditKind::RecipeSaved,
        AuditKind::RecipeDeleted,
        AuditKind::CategorySaved,
        AuditKind::CategoryDeleted,
        AuditKind::SupplierSaved,
        AuditKind::CatalogImported,
        AuditKind::PeriodClosed,
        AuditKind::StockMoved,
        AuditKind::PurchaseChanged,
        AuditKind::BackupSettingsChanged,
        AuditKind::BackupTaken,
        AuditKind::BackupDownloaded,
        AuditKind::DatabaseRestored,
        AuditKind::DiscountGiven,
        AuditKind::SaleRefunded,
        AuditKind::ShiftOpened,
        AuditKind::ShiftClosed,
        AuditKind::CashMoved,
        AuditKind::DrawerOpened,
        AuditKind::TillSettingsChanged,
        AuditKind::PinChanged,
        AuditKind::SellerSwitched,
        AuditKind::ReceiptReprinted,
        AuditKind::CustomerSaved,
        AuditKind::OrderCreated,
        AuditKind::OrderChanged,
        AuditKind::OrderPriceChanged,
        AuditKind::OrderPaid,
        AuditKind::OrderHandedOver,
        AuditKind::OrderCancelled,
        AuditKind::PlanChanged,
        AuditKind::EmployeeSaved,
        AuditKind::EnrolmentChanged,
        AuditKind::ScheduleSaved,
        AuditKind::PunchEntered,
        AuditKind::PunchVoided,
        AuditKind::QuarantineSettled,
        AuditKind::ClockChanged,
        AuditKind::CalendarChanged,
        AuditKind::LeaveChanged,
        AuditKind::HoursLocked,
        AuditKind::AttendanceSettingsChanged,
        AuditKind::DeliverySetup,
        AuditKind::DeliveryRun,
        AuditKind::DeliverySettled,
        AuditKind::DeliveryPayment,
    ];

    pub fn code(self) -> &'static str {
        match self {
            AuditKind::SetupCompleted => "installation.terminee",
            AuditKind::LoginSucceeded => "session.connexion",
            AuditKind::Logout => "session.deconnexion",
            AuditKind::UserCreated => "utilisateur.cree",
            AuditKind::UserUpdated => "utilisateur.modifie",
            AuditKind::UserDisabled => "utilisateur.desactive",
            AuditKind::UserEnabled => "utilisateur.reactive",
            AuditKind::PasswordChanged => "mot_de_passe.change",
            AuditKind::PasswordReset => "mot_de_passe.reinitialise",
            AuditKind::RoleUpdated => "role.modifie",
            AuditKind::TokenCreated => "jeton.cree",
            AuditKind::TokenRevoked => "jeton.revoque",
            AuditKind::SettingsChanged => "parametres.modifies",
            AuditKind::ProductCreated => "produit.cree",
            AuditKind::ProductUpdated => "produit.modifie",
            AuditKind::PriceChanged => "prix.modifie",
            AuditKind::CostChanged => "cout.modifie",
            AuditKind::ProductArchived => "produit.archive",
            AuditKind::ProductRestored => "produit.restaure",
            AuditKind::ProductDeleted => "produit.supprime",
            AuditKind::PackagingChanged => "conditionnement.modifie",
            AuditKind::RecipeSaved => "recette.enregistree",
            AuditKind::RecipeDeleted => "recette.supprimee",
            AuditKind::CategorySaved => "categorie.enregistree",
            AuditKind::CategoryDeleted => "categorie.supprimee",
            AuditKind::SupplierSaved => "fournisseur.enregistre",
            AuditKind::CatalogImported => "catalogue.importe",
            AuditKind::PeriodClosed => "compta.mois_cloture",
            AuditKind::StockMoved => "stock.mouvement",
            AuditKind::PurchaseChanged => "achat.modifie",
            AuditKind::BackupSettingsChanged => "sauvegardes.parametres_modifies",
            AuditKind::BackupTaken => "sauvegarde.lancee",
            AuditKind::BackupDownloaded => "sauvegarde.telechargee",
            AuditKind::DatabaseRestored => "base.restauree",
            AuditKind::DiscountGiven => "vente.remise",
            AuditKind::SaleRefunded => "vente.rembourse",
            AuditKind::ShiftOpened => "caisse.ouverte",
            AuditKind::ShiftClosed => "caisse.fermee",
            AuditKind::CashMoved => "caisse.mouvement",
            AuditKind::DrawerOpened => "caisse.tiroir",
            AuditKind::TillSettingsChanged => "caisse.parametres",
            AuditKind::PinChanged => "utilisateur.code_pin",
            AuditKind::SellerSwitched => "caisse.changement_vendeuse",
            AuditKind::ReceiptReprinted => "vente.reimpression",
            AuditKind::CustomerSaved => "client.enregistre",
            AuditKind::OrderCreated => "commande.creee",
            AuditKind::OrderChanged => "commande.modifiee",
            AuditKind::OrderPriceChanged => "commande.prix_modifie",
            AuditKind::OrderPaid => "commande.paiement",
            AuditKind::OrderHandedOver => "commande.remise",
            AuditKind::OrderCancelled => "commande.annulee",
            AuditKind::PlanChanged => "production.objectifs",
            AuditKind::EmployeeSaved => "personnel.fiche",
            AuditKind::EnrolmentChanged => "personnel.inscription",
            AuditKind::ScheduleSaved => "personnel.horaire",
            AuditKind::PunchEntered => "personnel.pointage_saisi",
            AuditKind::PunchVoided => "personnel.pointage_annule",
            AuditKind::QuarantineSettled => "personnel.quarantaine",
            AuditKind::ClockChanged => "personnel.pointeuse",
            AuditKind::CalendarChanged => "personnel.calendrier",
            AuditKind::LeaveChanged => "personnel.conge",
            AuditKind::HoursLocked => "personnel.mois_verrouille",
            AuditKind::AttendanceSettingsChanged => "personnel.reglages",
            AuditKind::DeliverySetup => "livraison.reglages",
            AuditKind::DeliveryRun => "livraison.tournee",
            AuditKind::DeliverySettled => "livraison.reglee",
            AuditKind::DeliveryPayment => "livraison.paiement",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            AuditKind::SetupCompleted => "Installation terminée",
            AuditKind::LoginSucceeded => "Connexion",
            AuditKind::Logout => "Déconnexion",
            AuditKind::UserCreated => "Utilisateur créé",
            AuditKind::UserUpdated => "Utilisateur modifié",
            AuditKind::UserDisabled => "Utilisateur désactivé",
            AuditKind::UserEnabled => "Utilisateur réactivé",
            AuditKind::PasswordChanged => "Mot de passe changé",
            AuditKind::PasswordReset => "Mot de passe réinitialisé",
            AuditKind::RoleUpdated => "Rôle modifié",
            AuditKind::TokenCreated => "Jeton d'API créé",
            AuditKind::TokenRevoked => "Jeton d'API révoqué",
            AuditKind::SettingsChanged => "Paramètres modifiés",
            AuditKind::ProductCreated => "Produit créé",
            AuditKind::ProductUpdated => "Produit modifié",
            AuditKind::PriceChanged => "Prix de vente modifié",
            AuditKind::CostChanged => "Coût de référence modifié",
            AuditKind::ProductArchived => "Produit archivé",
            AuditKind::ProductRestored => "Produit réactivé",
            AuditKind::ProductDeleted => "Produit supprimé",
            AuditKind::PackagingChanged => "Conditionnement ou code-barres modifié",
            AuditKind::RecipeSaved => "Recette enregistrée",
            AuditKind::RecipeDeleted => "Recette supprimée",
            AuditKind::CategorySaved => "Catégorie enregistrée",
            AuditKind::CategoryDeleted => "Catégorie supprimée",
            AuditKind::SupplierSaved => "Fournisseur enregistré",
            AuditKind::CatalogImported => "Import du catalogue",
            AuditKind::PeriodClosed => "Mois comptable clôturé",
            AuditKind::StockMoved => "Mouvement de stock (ajustement, perte, transfert, inventaire)",
            AuditKind::PurchaseChanged => "Achat (réception, paiement, annulation)",
            AuditKind::BackupSettingsChanged => "Réglages des sauvegardes modifiés",
            AuditKind::BackupTaken => "Sauvegarde lancée à la main",
            AuditKind::BackupDownloaded => "Sauvegarde téléchargée",
            AuditKind::DatabaseRestored => "Base restaurée",
            AuditKind::DiscountGiven => "Remise accordée",
            AuditKind::SaleRefunded => "Ticket remboursé (avoir)",
            AuditKind::ShiftOpened => "Caisse ouverte",
            AuditKind::ShiftClosed => "Caisse fermée",
            AuditKind::CashMoved => "Entrée ou sortie d'espèces, dépôt en banque",
            AuditKind::DrawerOpened => "Tiroir ouvert sans vente",
            AuditKind::TillSettingsChanged => "Paramètres de caisse, imprimante ou emballages modifiés",
            AuditKind::PinChanged => "Code PIN modifié",
            AuditKind::SellerSwitched => "Changement de vendeuse à la caisse",
            AuditKind::ReceiptReprinted => "Ticket réimprimé (duplicata)",
            AuditKind::CustomerSaved => "Client créé ou modifié",
            AuditKind::OrderCreated => "Commande prise",
            AuditKind::OrderChanged => "Commande modifiée ou avancée (lancée, fabriquée, reçue)",
            AuditKind::OrderPriceChanged => "Prix d'une ligne de commande modifié",
            AuditKind::OrderPaid => "Acompte ou solde encaissé sur une commande",
            AuditKind::OrderHandedOver => "Commande remise au client",
            AuditKind::OrderCancelled => "Commande annulée",
            AuditKind::PlanChanged => "Objectifs du comptoir modifiés",
            AuditKind::EmployeeSaved => "Fiche d'un employé enregistrée",
            AuditKind::EnrolmentChanged => "Code de pointeuse d'un employé ajouté ou retiré",
            AuditKind::ScheduleSaved => "Horaire ou exception enregistré",
            AuditKind::PunchEntered => "Pointage saisi à la main ou corrigé",
            AuditKind::PunchVoided => "Pointage annulé",
            AuditKind::QuarantineSettled => "Ligne de pointeuse en quarantaine réglée",
            AuditKind::ClockChanged => "Pointeuse enregistrée, approuvée, modifiée ou retirée",
            AuditKind::CalendarChanged => "Jour férié ajouté ou retiré",
            AuditKind::LeaveChanged => "Congé demandé, approuvé, refusé ou annulé",
            AuditKind::HoursLocked => "Mois d'heures verrouillé pour la paie",
            AuditKind::AttendanceSettingsChanged => "Réglages du pointage modifiés",
            AuditKind::DeliverySetup => "Zone, livreur ou livraison d'une commande enregistré",
            AuditKind::DeliveryRun => "Tournée de livraison partie",
            AuditKind::DeliverySettled => "Tournée de livraison réglée",
            AuditKind::DeliveryPayment => "Paiement d'un livreur",
        }
    }

    pub fn from_code(code: &str) -> Option<AuditKind> {
        AuditKind::ALL.iter().copied().find(|k| k.code() == code)
    }
}

/// One audited change, as it is about to be written.
pub struct Event<'a> {
    pub kind: AuditKind,
    pub entity: &'a str,
    pub entity_id: String,
    pub summary: String,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

impl<'a> Event<'a> {
    pub fn new(kind: AuditKind, entity: &'a str, entity_id: impl ToString, summary: impl Into<String>) -> Self {
        Event { kind, entity, entity_id: entity_id.to_string(), summary: summary.into(), before: None, after: None }
    }
    pub fn before(mut self, v: Value) -> Self {
        self.before = Some(v);
        self
    }
    pub fn after(mut self, v: Value) -> Self {
        self.after = Some(v);
        self
    }
}

/// Appends one line to the trail, in the caller's transaction.
pub fn record(tx: &Transaction, actor: &Actor, now: &str, event: Event) -> Result<i64, AppError> {
    Ok(store::insert(tx, actor, now, &event)?)
}

/// A line of the trail as read back.
#[derive(Debug, Clone)]
pub struct Entry {
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub kind: String,
    pub entity: String,
    pub entity_id: String,
    pub summary: String,
    pub before: Option<String>,
    pub after: Option<String>,
    pub ip: String,
}

/// What the audit page filters on.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub user_id: Option<i64>,
    pub kind: Option<AuditKind>,
    /// Inclusive UTC bounds, already converted from the shop's local dates.
    pub from: Option<String>,
    pub to: Option<String>,
    pub page: u32,
}

pub const PAGE_SIZE: u32 = 50;

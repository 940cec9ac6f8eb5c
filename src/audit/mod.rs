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

/// Declares the kinds of audited events with, for each, its stored code and its French label, on
/// one line: the enum, `ALL`, `code()` and `label()` cannot disagree.
macro_rules! audit_kinds {
    ($($kind:ident => $code:literal, $label:literal;)*) => {
        /// Every kind of audited event. Codes are stored: never change a released one.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum AuditKind {
            $($kind,)*
        }

        impl AuditKind {
            pub const ALL: &'static [AuditKind] = &[$(AuditKind::$kind,)*];

            pub fn code(self) -> &'static str {
                match self {
                    $(AuditKind::$kind => $code,)*
                }
            }

            pub fn label(self) -> &'static str {
                match self {
                    $(AuditKind::$kind => $label,)*
                }
            }
        }
    };
}

audit_kinds! {
    SetupCompleted => "installation.terminee", "Installation terminée";
    LoginSucceeded => "session.connexion", "Connexion";
    Logout => "session.deconnexion", "Déconnexion";
    UserCreated => "utilisateur.cree", "Utilisateur créé";
    UserUpdated => "utilisateur.modifie", "Utilisateur modifié";
    UserDisabled => "utilisateur.desactive", "Utilisateur désactivé";
    UserEnabled => "utilisateur.reactive", "Utilisateur réactivé";
    PasswordChanged => "mot_de_passe.change", "Mot de passe changé";
    PasswordReset => "mot_de_passe.reinitialise", "Mot de passe réinitialisé";
    RoleUpdated => "role.modifie", "Rôle modifié";
    TokenCreated => "jeton.cree", "Jeton d'API créé";
    TokenRevoked => "jeton.revoque", "Jeton d'API révoqué";
    SettingsChanged => "parametres.modifies", "Paramètres modifiés";
    ProductCreated => "produit.cree", "Produit créé";
    ProductUpdated => "produit.modifie", "Produit modifié";
    PriceChanged => "prix.modifie", "Prix de vente modifié";
    CostChanged => "cout.modifie", "Coût de référence modifié";
    ProductArchived => "produit.archive", "Produit archivé";
    ProductRestored => "produit.restaure", "Produit réactivé";
    ProductDeleted => "produit.supprime", "Produit supprimé";
    PackagingChanged => "conditionnement.modifie", "Conditionnement ou code-barres modifié";
    RecipeSaved => "recette.enregistree", "Recette enregistrée";
    RecipeDeleted => "recette.supprimee", "Recette supprimée";
    CategorySaved => "categorie.enregistree", "Catégorie enregistrée";
    CategoryDeleted => "categorie.supprimee", "Catégorie supprimée";
    SupplierSaved => "fournisseur.enregistre", "Fournisseur enregistré";
    CatalogImported => "catalogue.importe", "Import du catalogue";
    PeriodClosed => "compta.mois_cloture", "Mois comptable clôturé";
    PeriodReopened => "compta.mois_rouvert", "Mois comptable rouvert";
    YearClosed => "compta.exercice_cloture", "Exercice clôturé (à-nouveaux générés)";
    EntryWritten => "compta.ecriture_saisie", "Écriture saisie ou contre-passée";
    AccountSaved => "compta.compte", "Compte ajouté ou renommé";
    ExpenseSaved => "depense.enregistree", "Dépense saisie ou payée";
    BankChanged => "banque.rapprochement", "Banque : format, import de relevé, rapprochement ou frais";
    StockMoved => "stock.mouvement", "Mouvement de stock (ajustement, perte, transfert, inventaire)";
    PurchaseChanged => "achat.modifie", "Achat (réception, paiement, annulation)";
    BackupSettingsChanged => "sauvegardes.parametres_modifies", "Réglages des sauvegardes modifiés";
    BackupTaken => "sauvegarde.lancee", "Sauvegarde lancée à la main";
    BackupDownloaded => "sauvegarde.telechargee", "Sauvegarde téléchargée";
    DatabaseRestored => "base.restauree", "Base restaurée";
    DiscountGiven => "vente.remise", "Remise accordée";
    SaleRefunded => "vente.rembourse", "Ticket remboursé (avoir)";
    ShiftOpened => "caisse.ouverte", "Caisse ouverte";
    ShiftClosed => "caisse.fermee", "Caisse fermée";
    CashMoved => "caisse.mouvement", "Entrée ou sortie d'espèces, dépôt en banque";
    DrawerOpened => "caisse.tiroir", "Tiroir ouvert sans vente";
    TillSettingsChanged => "caisse.parametres", "Paramètres de caisse, imprimante ou emballages modifiés";
    PinChanged => "utilisateur.code_pin", "Code PIN modifié";
    SellerSwitched => "caisse.changement_vendeuse", "Changement de vendeuse à la caisse";
    ReceiptReprinted => "vente.reimpression", "Ticket réimprimé (duplicata)";
    CustomerSaved => "client.enregistre", "Client créé ou modifié";
    OrderCreated => "commande.creee", "Commande prise";
    OrderChanged => "commande.modifiee", "Commande modifiée ou avancée (lancée, fabriquée, reçue)";
    OrderPriceChanged => "commande.prix_modifie", "Prix d'une ligne de commande modifié";
    OrderPaid => "commande.paiement", "Acompte ou solde encaissé sur une commande";
    OrderHandedOver => "commande.remise", "Commande remise au client";
    OrderCancelled => "commande.annulee", "Commande annulée";
    PlanChanged => "production.objectifs", "Objectifs du comptoir modifiés";
    EmployeeSaved => "personnel.fiche", "Fiche d'un employé enregistrée";
    EnrolmentChanged => "personnel.inscription", "Code de pointeuse d'un employé ajouté ou retiré";
    ScheduleSaved => "personnel.horaire", "Horaire ou exception enregistré";
    PunchEntered => "personnel.pointage_saisi", "Pointage saisi à la main ou corrigé";
    PunchVoided => "personnel.pointage_annule", "Pointage annulé";
    QuarantineSettled => "personnel.quarantaine", "Ligne de pointeuse en quarantaine réglée";
    ClockChanged => "personnel.pointeuse", "Pointeuse enregistrée, approuvée, modifiée ou retirée";
    CalendarChanged => "personnel.calendrier", "Jour férié ajouté ou retiré";
    LeaveChanged => "personnel.conge", "Congé demandé, approuvé, refusé ou annulé";
    HoursLocked => "personnel.mois_verrouille", "Mois d'heures verrouillé pour la paie";
    AttendanceSettingsChanged => "personnel.reglages", "Réglages du pointage modifiés";
    PayrollRatesAdded => "paie.bareme", "Barème de paie ajouté";
    PayrollPrepared => "paie.preparee", "Paie du mois préparée";
    PayItemAdded => "paie.element", "Élément ajouté à un bulletin de paie";
    PayrollValidated => "paie.validee", "Paie du mois validée";
    PayslipPaid => "paie.payee", "Salaire payé";
    AdvanceGiven => "paie.avance", "Avance sur salaire remise";
    AdvanceCancelled => "paie.avance_annulee", "Avance sur salaire annulée";
    DeliverySetup => "livraison.reglages", "Zone, livreur ou livraison d'une commande enregistré";
    DeliveryRun => "livraison.tournee", "Tournée de livraison partie";
    DeliverySettled => "livraison.reglee", "Tournée de livraison réglée";
    DeliveryPayment => "livraison.paiement", "Paiement d'un livreur";
    TaxRegimeChanged => "fiscalite.regime", "Régime fiscal changé";
    B2bCustomer => "b2b.client", "Client pro créé ou modifié";
    B2bPrice => "b2b.prix", "Prix d'une liste de prix pro";
    B2bOrder => "b2b.commande", "Commande pro enregistrée ou annulée";
    B2bNote => "b2b.bon_livraison", "Bon de livraison sorti ou retourné";
    B2bInvoice => "b2b.facture", "Facture, proforma ou avoir pro émis";
    B2bPayment => "b2b.paiement", "Paiement d'un client pro";
    B2bInvoiceMailed => "b2b.facture_envoyee", "Facture pro envoyée par e-mail";
    TvaRateAdded => "fiscalite.taux_tva", "Taux de TVA ajouté";
    MailSettingsChanged => "messagerie.reglages", "Réglages de la messagerie modifiés";
}

impl AuditKind {
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

#[cfg(test)]
mod kinds_tests {
    use super::AuditKind;

    #[test]
    fn every_kind_has_its_own_code_and_a_label() {
        let mut codes: Vec<&str> = AuditKind::ALL.iter().map(|k| k.code()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), AuditKind::ALL.len(), "two kinds share a stored code");
        assert!(AuditKind::ALL.iter().all(|k| !k.label().is_empty() && AuditKind::from_code(k.code()) == Some(*k)));
    }
}

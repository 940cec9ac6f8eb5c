//! Confirmations shown once after a redirect (`?ok=code`). Only these fixed texts can appear,
//! so a crafted link cannot make the page say something else.

const MESSAGES: &[(&str, &str)] = &[
    ("bienvenue", "Bienvenue ! Votre compte administrateur est créé."),
    ("connecte", "Vous êtes connecté."),
    ("mot-de-passe", "Votre mot de passe a été changé."),
    ("utilisateur-cree", "Utilisateur créé."),
    ("utilisateur-modifie", "Utilisateur enregistré."),
    ("utilisateur-desactive", "Compte désactivé : ses sessions et jetons sont révoqués."),
    ("utilisateur-active", "Compte réactivé."),
    ("mot-de-passe-reinitialise", "Mot de passe réinitialisé : ses sessions sont fermées."),
    ("jeton-revoque", "Jeton révoqué."),
    ("role-modifie", "Rôle enregistré."),
    ("parametres", "Paramètres enregistrés."),
    ("sauvegardes-reglages", "Réglages des sauvegardes enregistrés."),
    ("sauvegarde-faite", "Sauvegarde écrite et vérifiée."),
];

pub fn text(code: &str) -> Option<&'static str> {
    MESSAGES.iter().find(|(c, _)| *c == code).map(|(_, t)| *t)
}

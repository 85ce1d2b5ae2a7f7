/** Le catalogue français, chargé à la demande (`lang="fr"`), dépannage compris. */
import type { Help } from './en-help.js';
import type { Messages } from './en.js';

const INELIGIBLE =
  "Si Stripe a indiqué que votre compte n'est pas éligible, il a été créé par une autre application : utilisez un compte créé directement chez Stripe.";
const RELOAD = 'Rechargez cette page et réessayez, ou reconnectez-vous.';
const SUPPORT = "Si cela se reproduit, copiez les détails pour l'assistance et contactez-la.";
const UNCHANGED = "Rien n'a changé.";

export const fr: Messages = {
  stripe: 'Stripe',
  state: {
    not_connected: 'Non connecté',
    connected: 'Connecté',
    needs_attention: 'Action requise',
    legacy: 'Mise à jour requise',
    disconnected: 'Déconnecté',
  },
  loading: 'Vérification…',
  unknown: 'Inconnu',
  problem: {
    deauthorized: 'Cette application a été retirée de votre compte Stripe le {date}. Reconnectez-la pour encaisser à nouveau.',
    access_revoked: "Stripe a refusé l'accès le {date}. Reconnectez-vous pour le rétablir.",
    payments_paused: 'Stripe a suspendu les paiements de ce compte le {date}. Ouvrez votre tableau de bord Stripe pour voir ce que Stripe demande.',
    legacy_setup:
      'Cette connexion utilise une ancienne méthode (clés API collées). Reconnectez-vous via Stripe pour continuer à encaisser.',
  },
  intro: {
    not_connected: 'Connectez votre compte Stripe pour encaisser des paiements.',
    disconnected: 'Reconnectez-le quand vous voulez.',
  },
  field: {
    name: 'Compte',
    id: 'ID du compte',
    key: 'Clé publiable',
    connectedAt: 'Connecté le',
    checkedAt: 'Dernière vérification',
  },
  action: {
    check: 'Vérifier à nouveau',
    connect: 'Connecter Stripe',
    reconnect: 'Reconnecter',
    disconnect: 'Déconnecter',
    cancel: 'Annuler',
    start: 'Continuer vers Stripe',
    retry: 'Réessayer',
    here: 'Continuer dans cette fenêtre',
    copy: "Copier les détails pour l'assistance",
    support: "Contacter l'assistance",
    close: 'Fermer',
  },
  prepare: {
    title: 'Avant de commencer',
    access: 'Il vous faut un accès au compte Stripe et le rôle Administrateur dans ce compte.',
    pick: 'Dans Stripe, choisissez ce compte :',
    any: 'Dans Stripe, choisissez le compte à utiliser, ou créez-en un.',
    popup: "Stripe s'ouvre dans une nouvelle fenêtre.",
    redirect: "Stripe s'ouvre dans cette fenêtre, puis vous ramène ici.",
  },
  wait: {
    popup: 'En attente de Stripe… Terminez dans la fenêtre Stripe.',
    redirect: 'Ouverture de Stripe…',
  },
  confirm: {
    title: 'Déconnecter Stripe ?',
    body: "Les paiements via Stripe s'arrêtent jusqu'à la prochaine connexion. Votre compte Stripe ne change pas.",
  },
  copied: 'Détails copiés.',
  copyHand: "Le presse-papiers n'est pas disponible : copiez ces détails à la main.",
  details: "Détails pour l'assistance",
};

export const frHelp: Help = {
  again:
    "Si l'échec se répète : dans Stripe, ouvrez Paramètres > Applications installées, supprimez cette application, puis reconnectez-vous.",
  code: {
    access_denied: [
      "La connexion n'a pas été terminée",
      `Vous avez quitté Stripe avant d'approuver. ${UNCHANGED}`,
      "Réessayez et terminez dans Stripe, jusqu'à son bouton Connecter.",
      INELIGIBLE,
    ],
    invalid_state: [
      "Ce lien n'est plus valide",
      "Il a expiré, a déjà servi ou vient d'une autre fenêtre : cette page ne l'a pas utilisé.",
      "Si l'état ci-dessus indique Connecté, Stripe a terminé : rien d'autre à faire.",
      'Sinon, recommencez et terminez en moins de 10 minutes, dans la fenêtre Stripe la plus récente.',
    ],
    authorization_expired: [
      "L'approbation de Stripe a expiré",
      `Elle est arrivée trop tard ou a déjà servi. ${UNCHANGED}`,
      'Recommencez et terminez sans longue pause.',
    ],
    account_ineligible: [
      'Ce compte ne peut pas être connecté',
      "C'est le compte de l'application elle-même (Stripe indique « Account cannot connect to itself ») ou un compte contrôlé par une autre plateforme.",
      "Déconnectez-le d'abord de l'autre plateforme, ou utilisez un autre compte.",
    ],
    stripe_unavailable: ['Stripe ne répond pas', `Impossible de joindre Stripe. ${UNCHANGED}`, 'Patientez une minute, puis réessayez.'],
    account_mismatch: [
      'Un autre compte a été choisi',
      "Ce n'est pas le compte de cette connexion : nous l'avons déconnecté. Votre connexion n'a pas changé.",
      'Dans Stripe, comparez chaque compte avec celui-ci : le nom et la clé publiable (Développeurs > Clés API) doivent correspondre.',
      'Choisissez le compte correspondant, puis Connecter.',
      INELIGIBLE,
    ],
    account_already_integrated: [
      'Ce compte est déjà utilisé',
      `Il est connecté à un autre espace ici. ${UNCHANGED}`,
      "Choisissez un autre compte Stripe, ou utilisez l'espace qui l'a déjà.",
    ],
    livemode_mismatch: [
      'Les modes test et production diffèrent',
      `Le compte a été connecté dans le mauvais mode. ${UNCHANGED}`,
      'Dans Stripe, activez ou désactivez le mode test pour correspondre à cette application, puis reconnectez-vous.',
    ],
    flow_cancelled: [
      "La fenêtre Stripe s'est fermée",
      `Elle s'est fermée avant la fin de la connexion. ${UNCHANGED}`,
      "Réessayez et terminez dans Stripe, ou continuez dans cette fenêtre si elle se referme sans cesse.",
      INELIGIBLE,
    ],
    popup_blocked: [
      'La fenêtre Stripe a été bloquée',
      "Votre navigateur a bloqué la fenêtre qui ouvre Stripe.",
      'Continuez dans cette fenêtre, ou autorisez les pop-ups pour ce site et réessayez.',
    ],
    session_invalid: ["Votre session n'est pas valide", "Cette page n'a pas pu prouver votre session.", RELOAD],
    session_expired: ['Votre session a expiré', 'Cette page est restée ouverte longtemps.', RELOAD],
    unauthorized: ["Vous n'êtes pas identifié", "Cette page n'a pas pu confirmer votre identité.", RELOAD],
    validation_failed: ['La demande a été refusée', "Souvent parce que l'adresse de cette page n'est pas autorisée.", SUPPORT],
    not_found: ['La connexion est introuvable', 'Vos réglages Stripe sont introuvables.', RELOAD, SUPPORT],
    rate_limited: ['Trop de tentatives', 'Il y a eu beaucoup de tentatives en peu de temps.', 'Patientez une minute, puis réessayez.'],
    internal: [
      'Un problème est survenu',
      `Une erreur s'est produite de notre côté ou le serveur est injoignable. ${UNCHANGED}`,
      'Réessayez dans un instant.',
      SUPPORT,
    ],
  },
};

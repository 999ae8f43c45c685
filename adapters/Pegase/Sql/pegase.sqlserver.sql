-- The legacy Pégase schema (SQL Server 2005, French_CI_AS: varchar in Windows-1252, datetime in local time
-- without offset). docs/pegase-legacy.md explains each table and the dirt found in it. Read-only for MCIC2.
CREATE TABLE centre (
    code_centre   char(5)      COLLATE French_CI_AS NOT NULL PRIMARY KEY,
    libelle       varchar(60)  COLLATE French_CI_AS NOT NULL,
    departement   char(3)      COLLATE French_CI_AS NOT NULL
);
CREATE TABLE operateur (
    id_operateur  int          NOT NULL PRIMARY KEY,
    code_centre   char(5)      COLLATE French_CI_AS NOT NULL,
    matricule     varchar(10)  COLLATE French_CI_AS NOT NULL,
    nom           varchar(40)  COLLATE French_CI_AS NULL
);
CREATE TABLE nature_pegase (
    code_nature   varchar(6)   COLLATE French_CI_AS NOT NULL PRIMARY KEY,
    libelle       varchar(60)  COLLATE French_CI_AS NOT NULL
);
CREATE TABLE fiche (
    id_fiche           int           NOT NULL PRIMARY KEY,
    numero_fiche       varchar(20)   COLLATE French_CI_AS NOT NULL,
    code_centre        char(5)       COLLATE French_CI_AS NOT NULL,
    date_appel         datetime      NOT NULL,
    id_operateur       int           NULL,
    code_nature        varchar(6)    COLLATE French_CI_AS NULL,
    appelant_nom       varchar(40)   COLLATE French_CI_AS NULL,
    appelant_telephone varchar(20)   COLLATE French_CI_AS NULL,
    titulaire_ligne    varchar(40)   COLLATE French_CI_AS NULL,
    adresse            varchar(80)   COLLATE French_CI_AS NULL,
    commune_insee      char(5)       COLLATE French_CI_AS NULL,
    commune_nom        varchar(40)   COLLATE French_CI_AS NULL,
    coord_x            numeric(10,2) NULL,
    coord_y            numeric(10,2) NULL,
    coord_systeme      char(3)       COLLATE French_CI_AS NULL,
    observations       varchar(255)  COLLATE French_CI_AS NULL,
    date_maj           datetime      NOT NULL
);
CREATE INDEX ix_fiche_numero ON fiche (numero_fiche);
CREATE INDEX ix_fiche_maj ON fiche (date_maj);
CREATE TABLE fiche_historique (
    id_historique   int           NOT NULL PRIMARY KEY,
    id_fiche        int           NOT NULL,
    date_maj        datetime      NOT NULL,
    id_operateur    int           NULL,
    champ           varchar(30)   COLLATE French_CI_AS NOT NULL,
    ancienne_valeur varchar(255)  COLLATE French_CI_AS NULL,
    nouvelle_valeur varchar(255)  COLLATE French_CI_AS NULL
);
CREATE INDEX ix_historique_fiche ON fiche_historique (id_fiche);
CREATE TABLE vehicule (
    id_vehicule     int           NOT NULL PRIMARY KEY,
    immatriculation varchar(10)   COLLATE French_CI_AS NULL,
    type_vehicule   varchar(20)   COLLATE French_CI_AS NOT NULL
);
CREATE TABLE equipage (
    id_equipage     int           NOT NULL PRIMARY KEY,
    code_centre     char(5)       COLLATE French_CI_AS NOT NULL,
    indicatif       varchar(12)   COLLATE French_CI_AS NOT NULL,
    id_vehicule     int           NULL
);
CREATE TABLE intervention (
    id_intervention int           NOT NULL PRIMARY KEY,
    id_fiche        int           NOT NULL,
    id_equipage     int           NULL,
    date_demande    datetime      NOT NULL,
    date_arrivee    datetime      NULL,
    date_fin        datetime      NULL
);
CREATE INDEX ix_intervention_fiche ON intervention (id_fiche);
CREATE TABLE position_vehicule (
    id_position     int           NOT NULL PRIMARY KEY,
    id_vehicule     int           NOT NULL,
    date_position   datetime      NOT NULL,
    coord_x         numeric(10,2) NULL,
    coord_y         numeric(10,2) NULL,
    coord_systeme   char(3)       COLLATE French_CI_AS NULL
);
CREATE INDEX ix_position_vehicule ON position_vehicule (id_vehicule, date_position);
CREATE TABLE personne (
    id_personne     int           NOT NULL PRIMARY KEY,
    id_fiche        int           NOT NULL,
    qualite         char(1)       COLLATE French_CI_AS NOT NULL,
    nom             varchar(40)   COLLATE French_CI_AS NULL,
    prenom          varchar(30)   COLLATE French_CI_AS NULL,
    date_naissance  datetime      NULL
);
CREATE INDEX ix_personne_fiche ON personne (id_fiche);

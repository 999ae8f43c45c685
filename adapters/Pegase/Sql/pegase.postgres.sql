-- The PostgreSQL twin of pegase.sqlserver.sql for the tests and the generator (no SQL Server runs here): the same
-- tables, columns and names; text is UTF-8 here and timestamp (without time zone) stands for datetime.
CREATE TABLE centre (
    code_centre   char(5)      NOT NULL PRIMARY KEY,
    libelle       varchar(60)  NOT NULL,
    departement   char(3)      NOT NULL
);
CREATE TABLE operateur (
    id_operateur  int          NOT NULL PRIMARY KEY,
    code_centre   char(5)      NOT NULL,
    matricule     varchar(10)  NOT NULL,
    nom           varchar(40)  NULL
);
CREATE TABLE nature_pegase (
    code_nature   varchar(6)   NOT NULL PRIMARY KEY,
    libelle       varchar(60)  NOT NULL
);
CREATE TABLE fiche (
    id_fiche           int           NOT NULL PRIMARY KEY,
    numero_fiche       varchar(20)   NOT NULL,
    code_centre        char(5)       NOT NULL,
    date_appel         timestamp      NOT NULL,
    id_operateur       int           NULL,
    code_nature        varchar(6)    NULL,
    appelant_nom       varchar(40)   NULL,
    appelant_telephone varchar(20)   NULL,
    titulaire_ligne    varchar(40)   NULL,
    adresse            varchar(80)   NULL,
    commune_insee      char(5)       NULL,
    commune_nom        varchar(40)   NULL,
    coord_x            numeric(10,2) NULL,
    coord_y            numeric(10,2) NULL,
    coord_systeme      char(3)       NULL,
    observations       varchar(255)  NULL,
    date_maj           timestamp      NOT NULL
);
CREATE INDEX ix_fiche_numero ON fiche (numero_fiche);
CREATE INDEX ix_fiche_maj ON fiche (date_maj);
CREATE TABLE fiche_historique (
    id_historique   int           NOT NULL PRIMARY KEY,
    id_fiche        int           NOT NULL,
    date_maj        timestamp      NOT NULL,
    id_operateur    int           NULL,
    champ           varchar(30)   NOT NULL,
    ancienne_valeur varchar(255)  NULL,
    nouvelle_valeur varchar(255)  NULL
);
CREATE INDEX ix_historique_fiche ON fiche_historique (id_fiche);
CREATE TABLE vehicule (
    id_vehicule     int           NOT NULL PRIMARY KEY,
    immatriculation varchar(10)   NULL,
    type_vehicule   varchar(20)   NOT NULL
);
CREATE TABLE equipage (
    id_equipage     int           NOT NULL PRIMARY KEY,
    code_centre     char(5)       NOT NULL,
    indicatif       varchar(12)   NOT NULL,
    id_vehicule     int           NULL
);
CREATE TABLE intervention (
    id_intervention int           NOT NULL PRIMARY KEY,
    id_fiche        int           NOT NULL,
    id_equipage     int           NULL,
    date_demande    timestamp      NOT NULL,
    date_arrivee    timestamp      NULL,
    date_fin        timestamp      NULL
);
CREATE INDEX ix_intervention_fiche ON intervention (id_fiche);
CREATE TABLE position_vehicule (
    id_position     int           NOT NULL PRIMARY KEY,
    id_vehicule     int           NOT NULL,
    date_position   timestamp      NOT NULL,
    coord_x         numeric(10,2) NULL,
    coord_y         numeric(10,2) NULL,
    coord_systeme   char(3)       NULL
);
CREATE INDEX ix_position_vehicule ON position_vehicule (id_vehicule, date_position);
CREATE TABLE personne (
    id_personne     int           NOT NULL PRIMARY KEY,
    id_fiche        int           NOT NULL,
    qualite         char(1)       NOT NULL,
    nom             varchar(40)   NULL,
    prenom          varchar(30)   NULL,
    date_naissance  timestamp      NULL
);
CREATE INDEX ix_personne_fiche ON personne (id_fiche);

/* The schema, compiled in from migrations/<dialect>/NNN_name.sql (scripts/embed_migrations.cmake).
 * Each backend has its own set, numbered alike: version N means the same schema in every dialect,
 * so a database can move from one backend to another at a known version. */
#ifndef TSUNAGU_STORE_MIGRATIONS_H
#define TSUNAGU_STORE_MIGRATIONS_H

typedef struct store_migration {
    int version;
    const char *name;
    const char *sql;
} store_migration;

typedef struct store_migration_set {
    const char *dialect; /* a backend's name: "sqlite", "postgresql" */
    const store_migration *migrations;
    int count;
} store_migration_set;

/* Ended by {NULL, NULL, 0}. */
extern const store_migration_set store_migration_sets[];

/* The set of the named backend, or NULL when it has none. */
const store_migration_set *store_migrations_for(const char *dialect);

#endif

/* The schema, compiled in from migrations/NNN_name.sql (see scripts/embed_migrations.cmake). */
#ifndef TSUNAGU_STORE_MIGRATIONS_H
#define TSUNAGU_STORE_MIGRATIONS_H

typedef struct store_migration {
    int version;
    const char *name;
    const char *sql;
} store_migration;

extern const store_migration store_migrations[];
extern const int store_migration_count;

#endif

-- The library's catalog, owned by this service and filled by CDC from the monolith's tables of the same names.
-- Same names and types as the monolith's (legacy-monolith/library V1), so the plan maps columns one to one and
-- parity compares them as they are; no defaults, since every value arrives from the monolith's rows.
create table authors (id uuid primary key, full_name text not null, born date);
create table books (
  id uuid primary key,
  isbn varchar(17) not null unique,
  title text not null,
  tags text[] not null,
  cover bytea,
  price numeric(10,2),
  published_on date,
  "Shelf Code" varchar(16),
  created_at timestamptz not null,
  version integer not null);
create table book_authors (
  book_id uuid not null references books(id) on delete cascade,
  author_id uuid not null references authors(id),
  position smallint not null,
  primary key (book_id, author_id));

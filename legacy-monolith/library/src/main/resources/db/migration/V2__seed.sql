-- Seed data worth testing with, deterministic so that two databases seeded alike compare equal:
-- 60 authors, 300 books (1 to 3 tags each, every 10th with a PNG cover, every 15th other with raw bytes), each
-- author with 5 books and every 25th book with three authors; 20 members (password "reader-password", BCrypt),
-- 40 loans (half returned), 50 reading-list rows, 10 audit events.

insert into authors (id, full_name, born)
select md5('author-' || n)::uuid,
       (array['Ada','Boris','Chiara','Dmitri','Elena','Farid','Grete','Hiro','Ines','Jonas'])[1 + n % 10] || ' '
           || (array['Okafor','Lindqvist','Moreau','Tanaka','Varga','Silva','Novak','Brennan'])[1 + n % 8]
           || case when n > 40 then ' ' || chr(64 + n - 40) || '.' else '' end,
       case when n % 7 = 0 then null else date '1900-01-01' + (n * 397) % 36500 end
from generate_series(1, 60) n;

insert into books (id, isbn, title, tags, cover, price, published_on, "Shelf Code", created_at, version)
select md5('book-' || n)::uuid,
       '978-0-' || lpad(n::text, 5, '0') || '-' || lpad((n * 7 % 100)::text, 2, '0') || '-' || (n % 10),
       (array['The','A','Another','Our','Their'])[1 + n % 5] || ' '
           || (array['Quiet','Long','Hidden','Northern','Last','Paper','Silver','Broken','Open','Second'])[1 + n % 10] || ' '
           || (array['River','Garden','Library','Winter','Harbour','Engine','Letter','Forest','Map','Clock','Bridge'])[1 + n % 11]
           || ' ' || n,
       case n % 3
           when 0 then array[(array['fiction','history','science','poetry','travel','crime'])[1 + n % 6]]
           when 1 then array[(array['fiction','history','science','poetry','travel','crime'])[1 + n % 6], 'classic']
           else array[(array['fiction','history','science','poetry','travel','crime'])[1 + n % 6], 'new', 'staff pick']
       end,
       case
           -- a 1x1 PNG, the last byte of its pixel varying with n
           when n % 10 = 0 then decode('89504e470d0a1a0a0000000d4948445200000001000000010806000000'
                                       || '1f15c4890000000d49444154789c6360f8ff3f0005fe02fe'
                                       || lpad(to_hex(n % 256), 2, '0'), 'hex')
           when n % 15 = 0 then decode(md5('cover-' || n) || md5('more-' || n), 'hex')
       end,
       case when n % 20 = 0 then null else (5 + n % 40) + 0.99 end,
       date '1950-01-01' + (n * 37) % 27000,
       case when n % 9 = 0 then null else chr(65 + n % 26) || '-' || lpad(n::text, 3, '0') end,
       timestamptz '2026-01-01 09:00:00+00' + n * interval '1 hour',
       n % 3
from generate_series(1, 300) n;

insert into book_authors (book_id, author_id, position)
select md5('book-' || n)::uuid, md5('author-' || (1 + (n - 1) % 60))::uuid, 1
from generate_series(1, 300) n;

insert into book_authors (book_id, author_id, position)
select md5('book-' || n)::uuid, md5('author-' || (1 + (n + extra * 7) % 60))::uuid, (1 + extra)::smallint
from generate_series(25, 300, 25) n, generate_series(1, 2) extra;

insert into members (email, password_hash, display_name, roles)
select 'reader' || n || '@library.test',
       '$2a$10$tCkIzFwgBaemJ5mXr6KvJeIKwEVgNrUKYU7UK5OUxAQi6J2jEci4S',
       'Reader ' || n,
       case when n = 1 then array['USER', 'LIBRARIAN'] else array['USER'] end
from generate_series(1, 20) n;

insert into loans (book_id, member_id, lent_at, due_on, returned_at)
select md5('book-' || (n * 7 % 300 + 1))::uuid,
       1 + n % 20,
       timestamptz '2026-10-01 10:00:00+00' + n * interval '1 day',
       date '2026-10-22' + n,
       case when n % 2 = 0 then timestamptz '2026-10-10 16:00:00+00' + n * interval '1 day' end
from generate_series(1, 40) n;

insert into "Reading List" ("member", "book", "added at")
select 1 + n % 20, md5('book-' || (n * 11 % 300 + 1))::uuid, timestamptz '2026-09-01 08:00:00+00' + n * interval '3 hours'
from generate_series(1, 50) n;

insert into audit_events (at, actor, action, detail)
select timestamptz '2026-10-01 10:00:00+00' + n * interval '1 day',
       case when n % 4 = 0 then null else 'reader' || (1 + n % 20) || '@library.test' end,
       case when n % 2 = 0 then 'login' else 'loan' end,
       case when n % 2 = 0 then '{}'::jsonb else jsonb_build_object('loan', n, 'seed', true) end
from generate_series(1, 10) n;

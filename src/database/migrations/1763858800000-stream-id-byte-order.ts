import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * events.stream_id sorts in byte order (the "C" collation) whatever the database's default collation.
 * An anchor's Merkle root takes the covered streams' heads in stream-id order (EventLog.headsBelow, and
 * audit verify-all's walk), which docs/audit.md gives as the ids' byte order and the KurrentDB adapter
 * follows. In a database created with a language's collation (en_US.UTF-8, an ICU locale) PostgreSQL
 * ordered the ids by that language's rules instead ("reporter-…" among "report-…", capitals beside small
 * letters): roots no one could recompute from the documented rules, and liable to change with the
 * operating system's locale data or a dump restored on a server with another locale, after which
 * audit verify-all would call every anchor broken. Roots written so far on such a database were taken
 * in its order: a database whose default collation is C or C.UTF-8 (where the two orders agree) keeps
 * its anchors valid; docs/operations.md says what to do about the others.
 *
 * PostgreSQL does not change a column that a generated column reads, so the stored category column
 * goes first (readAll computes a stream's category from its id, which is all it was used for). The
 * collation changes without rewriting the table: only the (stream_id, stream_version) index is built
 * again (an ACCESS EXCLUSIVE lock on events meanwhile: appends wait).
 */
export class StreamIdByteOrder1763858800000 implements MigrationInterface {
  name = 'StreamIdByteOrder1763858800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE events DROP COLUMN category`);
    await queryRunner.query(`ALTER TABLE events ALTER COLUMN stream_id TYPE text COLLATE "C"`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE events ALTER COLUMN stream_id TYPE text COLLATE "default"`);
    await queryRunner.query(
      `ALTER TABLE events ADD COLUMN category text NOT NULL GENERATED ALWAYS AS (split_part(stream_id, '-', 1)) STORED`,
    );
  }
}

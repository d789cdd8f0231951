import { useEffect } from 'preact/hooks';
import { subscribe } from '../api/client';
import { InboxChanged, InboxQuery } from '../api/operations';
import { useQuery } from '../api/use-query';
import { useApp } from '../app-context';
import { useT } from '../i18n';
import { href } from '../router';
import { ErrorNote } from '../ui/error-note';
import { Pager, ReportTable } from '../ui/report-table';

/** The agency's worklist, the nearest deadline first; it reloads when a report enters or leaves it. */
export function InboxScreen({ agencyId, query }: { agencyId: string; query: URLSearchParams }) {
  const t = useT();
  const { viewer } = useApp();
  const after = query.get('after');
  const answer = useQuery(InboxQuery, { agencyId, first: 20, after });
  const { reload } = answer;
  useEffect(
    () =>
      subscribe(
        InboxChanged,
        { agencyId },
        () => reload(),
        () => undefined,
      ),
    [agencyId, reload],
  );
  const connection = answer.data?.agencyInbox;
  return (
    <section aria-labelledby="inbox-title">
      <h1 id="inbox-title">
        {t('nav.inbox')}
        {viewer?.agency ? ` · ${viewer.agency.name}` : ''}
      </h1>
      <ErrorNote error={answer.error} />
      {connection ? (
        <>
          <ReportTable reports={connection.edges.map((edge) => edge.node)} caption={t('inboxCaption')} />
          <Pager
            total={connection.totalCount}
            shown={connection.edges.length}
            first={after ? href('inbox') : null}
            next={connection.pageInfo.hasNextPage ? href('inbox', { after: connection.pageInfo.endCursor }) : null}
          />
        </>
      ) : null}
    </section>
  );
}

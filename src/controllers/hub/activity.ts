import type { Response } from 'express';
import type { AppDeps } from '../../app-deps';
import type { MemberUser } from '../../current-user';
import type { FieldErrors } from '../../forms/form';
import { activityFilterQuery, parseActivityFilter, type ActivityFilterInput } from '../../forms/hub/activity-filter';
import {
  accountTimeZone,
  activityActions,
  activityBatches,
  activityPage,
  activityPeople,
  ACTIVITY_PER_PAGE,
  type ActivityFilter,
} from '../../models/activity';
import { pageLinks } from '../../models/pagination';
import { formatIsoInZone } from '../../formatters';
import { writeActivityCsv } from '../../views/activity-csv';
import { withMember } from '../handlers';
import { cursorFrom } from '../params';

const VIEW = 'hub/activity/index';

/** Actividad de la cuenta: who did what, for the owner and admins; filtered, paged, and as CSV. */
export function activityController({ db }: AppDeps) {
  const choices = async (current: MemberUser) => ({
    people: await activityPeople(db, current.account.id),
    actions: await activityActions(db, current.account.id, false),
  });

  /** Bad filters: the form again (422) with what was typed and a message beside each field. */
  async function refuse(res: Response, current: MemberUser, values: Record<string, string>, errors: FieldErrors) {
    res.status(422).render(VIEW, {
      ...(await choices(current)),
      events: [],
      links: { previous: null, next: null },
      values,
      errors,
      exportHref: null,
      filtered: true,
    });
  }

  const filterOf = async (current: MemberUser, input: ActivityFilterInput): Promise<ActivityFilter> => ({
    actorUserId: input.person,
    action: input.action,
    from: input.from,
    to: input.to,
    timeZone: await accountTimeZone(db, current.account.id),
  });

  return {
    /** GET /activity?person=&action=&from=&to= and ?after=<id> (older) or ?before=<id> (newer), newest first */
    index: withMember(async (req, res, current) => {
      const form = parseActivityFilter(req.query);
      if (!form.ok) return refuse(res, current, form.values, form.errors);
      const filter = await filterOf(current, form.data);
      const page = await activityPage(db, current.account.id, cursorFrom(req.query), false, ACTIVITY_PER_PAGE, filter);
      const keep = activityFilterQuery(form.data);
      res.render(VIEW, {
        ...(await choices(current)),
        events: page.rows,
        links: pageLinks('/activity', page, keep),
        values: keep,
        errors: {},
        exportHref: `/activity/export?${new URLSearchParams(keep).toString()}`,
        filtered: Object.keys(keep).length > 0,
      });
    }),

    /** GET /activity/export?person=&action=&from=&to= — every row the filter shows, as CSV */
    export: withMember(async (req, res, current) => {
      const form = parseActivityFilter(req.query);
      if (!form.ok) return refuse(res, current, form.values, form.errors);
      const filter = await filterOf(current, form.data);
      const day = formatIsoInZone(new Date(), filter.timeZone).slice(0, 10);
      res.set({
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${req.t('hub.activity.csv.file', { date: day })}"`,
        'Cache-Control': 'no-store',
      });
      await writeActivityCsv(res, activityBatches(db, current.account.id, filter, false), {
        t: req.t,
        locale: req.locale,
        timeZone: filter.timeZone,
      });
    }),
  };
}

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.js';
import { API_PREFIX } from '../../platform/http/app.js';
import { idParams, iso, problemResponses } from '../../platform/http/schemas.js';
import { actorOf } from '../auth/auth.hook.js';
import { recomputeForCalendar } from '../sla/sla.admin.js';
import type { OwnDay } from './calendar-days.js';
import type { CalendarRecord } from './calendars.repository.js';
import {
  calendarDayResponse,
  calendarDetailResponse,
  calendarResponse,
  computeBody,
  computeResponse,
  createCalendarBody,
  dayParams,
  monthQuery,
  monthResponse,
  putDayBody,
  updateCalendarBody,
} from './calendars.schema.js';
import {
  type CalendarDetail,
  calendarMonth,
  computeDue,
  createCalendar,
  deleteCalendarById,
  deleteCalendarDayByDate,
  getCalendar,
  listAllCalendars,
  putCalendarDay,
  updateCalendarById,
} from './calendars.service.js';

const tags = ['Calendars'];
const manage = { access: { permission: 'settings.manage' as const } };

const presentCalendar = (calendar: CalendarRecord) => ({
  id: calendar.id,
  key: calendar.key,
  name: calendar.name,
  timeZone: calendar.timeZone,
  weeklyHours: calendar.weeklyHours,
  is24x7: calendar.is24x7,
  usesChinaHolidays: calendar.usesChinaHolidays,
  isDefault: calendar.isDefault,
  createdAt: iso(calendar.createdAt),
  updatedAt: iso(calendar.updatedAt),
});

const presentDay = (day: OwnDay) => ({
  date: day.date,
  kind: day.kind,
  name: day.name,
  hours: day.hours && [...day.hours],
});

const presentDetail = (calendar: CalendarDetail) => ({
  ...presentCalendar(calendar),
  days: calendar.days.map(presentDay),
  chinaHolidayCoverage: calendar.chinaHolidayCoverage,
});

/** Business calendars (R5.2): hours, holidays and make-up days, and the business-time arithmetic. */
export function registerCalendarRoutes(fastify: FastifyInstance, ctx: AppContext) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get(
    `${API_PREFIX}/calendars`,
    {
      schema: {
        tags,
        summary: 'List the business calendars, the default first',
        response: { 200: z.object({ items: z.array(calendarResponse) }), ...problemResponses },
      },
    },
    async () => ({ items: (await listAllCalendars(ctx)).map(presentCalendar) }),
  );

  app.post(
    `${API_PREFIX}/calendars`,
    {
      config: manage,
      schema: {
        tags,
        summary: 'Create a business calendar (defaults: Asia/Shanghai, Mon–Fri 09:00–12:00 and 13:30–18:00)',
        body: createCalendarBody,
        response: { 201: calendarDetailResponse, ...problemResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(presentDetail(await createCalendar(ctx, actorOf(request), request.body))),
  );

  app.get(
    `${API_PREFIX}/calendars/:id`,
    {
      schema: {
        tags,
        summary: 'A business calendar with its own days',
        params: idParams,
        response: { 200: calendarDetailResponse, ...problemResponses },
      },
    },
    async (request) => presentDetail(await getCalendar(ctx, request.params.id)),
  );

  app.patch(
    `${API_PREFIX}/calendars/:id`,
    {
      config: manage,
      schema: {
        tags,
        summary: 'Change a business calendar: name, time zone, weekly hours, 7×24, China holidays, default',
        params: idParams,
        body: updateCalendarBody,
        response: { 200: calendarDetailResponse, ...problemResponses },
      },
    },
    async (request) => {
      const calendar = await updateCalendarById(ctx, actorOf(request), request.params.id, request.body);
      await recomputeForCalendar(ctx, request.params.id);
      return presentDetail(calendar);
    },
  );

  app.delete(
    `${API_PREFIX}/calendars/:id`,
    {
      config: manage,
      schema: {
        tags,
        summary: 'Delete a business calendar (not the default, nor one still in use)',
        params: idParams,
        response: { 204: z.null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await deleteCalendarById(ctx, actorOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.put(
    `${API_PREFIX}/calendars/:id/days/:date`,
    {
      config: manage,
      schema: {
        tags,
        summary:
          'Set a day of the calendar’s own: a holiday, or a workday with its hours (over the official schedule)',
        params: dayParams,
        body: putDayBody,
        response: { 200: calendarDayResponse, ...problemResponses },
      },
    },
    async (request) => {
      const day = await putCalendarDay(
        ctx,
        actorOf(request),
        request.params.id,
        request.params.date,
        request.body,
      );
      await recomputeForCalendar(ctx, request.params.id);
      return presentDay(day);
    },
  );

  app.delete(
    `${API_PREFIX}/calendars/:id/days/:date`,
    {
      config: manage,
      schema: {
        tags,
        summary: 'Remove a day of the calendar’s own; the weekly hours and official schedule apply again',
        params: dayParams,
        response: { 204: z.null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await deleteCalendarDayByDate(ctx, actorOf(request), request.params.id, request.params.date);
      await recomputeForCalendar(ctx, request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    `${API_PREFIX}/calendars/:id/month`,
    {
      schema: {
        tags,
        summary: 'Each day of a month: worked or not, its hours, and whether weekly, official or own',
        params: idParams,
        querystring: monthQuery,
        response: { 200: monthResponse, ...problemResponses },
      },
    },
    async (request) => calendarMonth(ctx, request.params.id, request.query.month),
  );

  app.post(
    `${API_PREFIX}/calendars/:id/compute`,
    {
      config: manage,
      schema: {
        tags,
        summary: 'Try the arithmetic: the due time a number of business minutes after a start',
        params: idParams,
        body: computeBody,
        response: { 200: computeResponse, ...problemResponses },
      },
    },
    async (request) => {
      const result = await computeDue(ctx, request.params.id, request.body);
      return {
        ...result,
        start: iso(result.start),
        due: iso(result.due),
        nextOpening: iso(result.nextOpening),
      };
    },
  );
}

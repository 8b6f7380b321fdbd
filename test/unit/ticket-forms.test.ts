import { parseReply, parseTicket } from '../../src/forms/customer/ticket';
import { parseLink, parseReject, parseValidation } from '../../src/forms/staff/request';
import { parseAccountSearch, parseQueueFilter } from '../../src/forms/staff/search';
import { parseStaffReply, parseStatus } from '../../src/forms/staff/ticket';

const ticket = {
  department: 'billing',
  priority: 'high',
  subject: '  Cargo duplicado  ',
  message: 'Nos cobraron dos veces.',
};

describe('the ticket form', () => {
  it('parses a complete ticket, trimming text and reading the checkbox', () => {
    const form = parseTicket({ ...ticket, account_number: '1002003001', service_id: '42', problem_report: '1' });
    expect(form).toEqual({
      ok: true,
      data: {
        department: 'billing',
        priority: 'high',
        subject: 'Cargo duplicado',
        message: 'Nos cobraron dos veces.',
        account_number: '1002003001',
        service_id: '42',
        problem_report: true,
      },
    });
    const plain = parseTicket(ticket);
    expect(plain.ok && plain.data).toMatchObject({ account_number: '', service_id: '', problem_report: false });
  });

  it('gives one locale key per field and echoes what was typed', () => {
    const form = parseTicket({
      department: 'legal',
      priority: 'critical',
      subject: 'Uno\r\nBcc: x@y.test',
      message: '   ',
      account_number: '12ab',
      service_id: '-1',
    });
    expect(form.ok).toBe(false);
    if (form.ok) return;
    expect(form.errors).toEqual({
      department: 'errors.ticket.department.invalid',
      priority: 'errors.ticket.priority.invalid',
      subject: 'errors.ticket.subject.invalid',
      message: 'errors.ticket.message.required',
      account_number: 'errors.ticket.account_number.invalid',
      service_id: 'errors.ticket.service_id.invalid',
    });
    expect(form.values).toMatchObject({ department: 'legal', account_number: '12ab', message: '   ' });
    expect(form.values).not.toHaveProperty('problem_report');
  });

  it('refuses an empty or overlong subject and message', () => {
    const empty = parseTicket({ department: 'support', priority: 'low' });
    expect(!empty.ok && empty.errors).toMatchObject({
      subject: 'errors.ticket.subject.required',
      message: 'errors.ticket.message.required',
    });
    const long = parseTicket({ ...ticket, subject: 'x'.repeat(201), message: 'y'.repeat(20_001) });
    expect(!long.ok && long.errors).toEqual({
      subject: 'errors.ticket.subject.too_long',
      message: 'errors.ticket.message.too_long',
    });
  });

  it('takes a reply with its message only', () => {
    expect(parseReply({ message: ' Gracias ', department: 'sales' })).toEqual({
      ok: true,
      data: { message: 'Gracias' },
    });
    expect(parseReply({})).toMatchObject({ ok: false, errors: { message: 'errors.ticket.message.required' } });
  });
});

describe('the helpdesk forms', () => {
  it('reads a staff reply and whether it is an internal note', () => {
    expect(parseStaffReply({ message: 'Listo', internal: '1' })).toEqual({
      ok: true,
      data: { message: 'Listo', internal: true },
    });
    expect(parseStaffReply({ message: 'Listo', internal: 'yes' })).toMatchObject({ data: { internal: false } });
    expect(parseStaffReply({ internal: '1' })).toMatchObject({
      ok: false,
      errors: { message: 'errors.ticket.message.required' },
    });
  });

  it('takes a status from the list only', () => {
    expect(parseStatus({ status: 'on_hold' })).toEqual({ ok: true, data: { status: 'on_hold' } });
    for (const status of ['deleted', '', undefined])
      expect(parseStatus({ status })).toMatchObject({ ok: false, errors: { status: 'errors.staff.status.invalid' } });
  });

  it('needs an account to link a sender to, a note to validate, and nothing to reject', () => {
    expect(parseLink({ account: ' abc.test ' })).toEqual({ ok: true, data: { account: 'abc.test' } });
    expect(parseLink({ account: '' })).toMatchObject({ errors: { account: 'errors.staff.account.required' } });
    expect(parseLink({ account: 'x'.repeat(64) })).toMatchObject({
      errors: { account: 'errors.staff.account.unknown' },
    });
    expect(parseValidation({ note: 'Llamada al propietario' })).toEqual({
      ok: true,
      data: { note: 'Llamada al propietario' },
    });
    expect(parseValidation({})).toMatchObject({ errors: { note: 'errors.validation.note.required' } });
    expect(parseReject({})).toEqual({ ok: true, data: { note: '' } });
    expect(parseReject({ note: 'a\nb' })).toMatchObject({ errors: { note: 'errors.staff.note.invalid' } });
  });

  it('reads the queue filters and the account search from the query string, whatever arrives', () => {
    expect(parseQueueFilter({ status: ' closed ', department: ['a', 'b'], account: 'x'.repeat(150) })).toEqual({
      view: 'all',
      q: '',
      sort: 'activity',
      status: 'closed',
      department: '',
      account: 'x'.repeat(100),
    });
    expect(parseQueueFilter({})).toEqual({
      view: 'all',
      q: '',
      sort: 'activity',
      status: '',
      department: '',
      account: '',
    });
    expect(parseQueueFilter({ q: ' #123456 ', sort: 'priority' })).toMatchObject({ q: '#123456', sort: 'priority' });
    expect(parseQueueFilter({ sort: 'random()' }).sort).toBe('activity');
    expect(parseQueueFilter({ view: 'mine' }).view).toBe('mine');
    expect(parseQueueFilter({ view: 'theirs' }).view).toBe('all');
    expect(parseAccountSearch({ q: 'abc' })).toBe('abc');
    expect(parseAccountSearch({ q: { $ne: 1 } })).toBe('');
  });
});

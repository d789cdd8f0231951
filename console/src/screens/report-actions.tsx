import * as ops from '../api/operations';
import { perform, type ReportMutation } from '../api/perform';
import type { ActedFragment, ReportAction, ReportFieldsFragment, ReportKind } from '../gql/graphql';
import { useT, type TextKey } from '../i18n';
import { ActionForm, Field, optional, text } from '../ui/action-form';
import { AgencyPicker } from '../ui/agency-picker';
import { CategorySelect } from '../ui/category-select';
import { DuplicatePicker } from '../ui/duplicate-picker';
import { ESCALATION_REASONS, FINDING_OUTCOMES, REJECTION_REASONS, REPORT_KINDS } from '../ui/enums';
import { EnumSelect } from '../ui/enum-select';

type Done = (report: ReportFieldsFragment, position: string | null) => void;

/** The forms for what the API says this person may do now (the report's allowedActions), nothing more. */
export function ReportActions({ report, onDone }: { report: ReportFieldsFragment; onDone: Done }) {
  const t = useT();
  if (report.allowedActions.length === 0) return null;
  const finish = (result: ActedFragment) => onDone(result.report, result.position ?? null);
  return (
    <section aria-labelledby="actions-title" class="actions">
      <h2 id="actions-title">{t('actions')}</h2>
      {report.allowedActions.map((action) => (
        <ActionFor key={action} action={action} report={report} finish={finish} />
      ))}
    </section>
  );
}

/** An action whose input is the report and one text a person writes. */
interface TextAction {
  /** The input field, also the form control's name: the API names it when it refuses the text. */
  field: string;
  submit: TextKey;
  label: TextKey;
  optional?: boolean;
  danger?: boolean;
  run(trackingId: string, text: string): Promise<ActedFragment>;
}

function textAction<K extends string>(
  mutation: ReportMutation<{ trackingId: string } & Record<K, string>>,
  field: K,
  form: Omit<TextAction, 'run' | 'field'>,
): TextAction {
  return {
    ...form,
    field,
    run: (trackingId, text) =>
      perform(mutation, { trackingId, [field]: text } as { trackingId: string } & Record<K, string>),
  };
}

const TEXT_ACTIONS = {
  REQUEST_CLARIFICATION: textAction(ops.RequestClarification, 'question', { label: 'question', submit: 'send' }),
  PROVIDE_CLARIFICATION: textAction(ops.ProvideClarification, 'answer', { label: 'answer', submit: 'send' }),
  DECLINE_DISPOSITION: textAction(ops.DeclineDisposition, 'reason', {
    label: 'reason',
    submit: 'decline',
    danger: true,
  }),
  POST_FOLLOW_UP: textAction(ops.PostFollowUp, 'message', { label: 'publicMessage', submit: 'send' }),
  RESOLVE_REPORT: textAction(ops.ResolveReport, 'message', { label: 'publicMessage', submit: 'resolve' }),
  ADD_INTERNAL_NOTE: textAction(ops.AddInternalNote, 'note', { label: 'internalNote', submit: 'save' }),
  DISPUTE_RESOLUTION: textAction(ops.DisputeResolution, 'reason', { label: 'reason', submit: 'dispute', danger: true }),
  REOPEN_REPORT: textAction(ops.ReopenReport, 'reason', { label: 'reason', submit: 'reopen', optional: true }),
} satisfies Partial<Record<ReportAction, TextAction>>;

const isTextAction = (action: ReportAction): action is keyof typeof TEXT_ACTIONS => action in TEXT_ACTIONS;

function ActionFor({
  action,
  report,
  finish,
}: {
  action: ReportAction;
  report: ReportFieldsFragment;
  finish: (result: ActedFragment) => void;
}) {
  const title = `action.${action}` as TextKey;
  const trackingId = report.trackingId;
  if (isTextAction(action)) {
    const simple: TextAction = TEXT_ACTIONS[action];
    return (
      <ActionForm
        title={title}
        submit={simple.submit}
        danger={simple.danger}
        run={async (form) => finish(await simple.run(trackingId, text(form, simple.field)))}
      >
        <TextArea name={simple.field} label={simple.label} optional={simple.optional} />
      </ActionForm>
    );
  }
  switch (action) {
    case 'VERIFY_REPORT':
      return (
        <ActionForm
          title={title}
          submit="verify"
          run={async (form) =>
            finish(
              await perform(ops.VerifyReport, {
                trackingId,
                category: text(form, 'category'),
                kind: text(form, 'kind') as ReportKind,
                anonymous: form.get('anonymous') === 'on',
                confidential: form.get('confidential') === 'on',
              }),
            )
          }
        >
          <CategorySelect name="category" value={report.category} />
          <EnumSelect name="kind" label="kind" values={REPORT_KINDS} prefix="kind" value={report.kind} />
          <Checkbox name="anonymous" label="anonymous" checked={report.anonymous} />
          <Checkbox name="confidential" label="confidential" checked={report.confidential} />
        </ActionForm>
      );
    case 'REJECT_REPORT':
      return (
        <ActionForm
          title={title}
          submit="reject"
          danger
          run={async (form) =>
            finish(
              await perform(ops.RejectReport, {
                trackingId,
                reason: text(form, 'reason') as (typeof REJECTION_REASONS)[number],
                duplicateOf: optional(form, 'duplicateOf'),
                text: optional(form, 'text'),
              }),
            )
          }
        >
          <EnumSelect name="reason" label="reason" values={REJECTION_REASONS} prefix="rejection" />
          <DuplicatePicker exclude={trackingId} />
          <TextArea name="text" label="explanation" optional />
        </ActionForm>
      );
    case 'DISPOSITION_REPORT':
    case 'FORWARD_REPORT':
      return (
        <ActionForm
          title={title}
          submit={action === 'FORWARD_REPORT' ? 'forward' : 'disposition'}
          run={async (form) =>
            finish(
              await perform(action === 'FORWARD_REPORT' ? ops.ForwardReport : ops.DispositionReport, {
                trackingId,
                agencyId: text(form, 'agencyId'),
                unitId: optional(form, 'unitId'),
                note: optional(form, 'note'),
              }),
            )
          }
        >
          <AgencyPicker exclude={report.agencyId} />
          <TextArea name="note" label="note" optional />
        </ActionForm>
      );
    case 'START_FOLLOW_UP':
      return (
        <ActionForm
          title={title}
          submit="start"
          run={async () => finish(await perform(ops.StartFollowUp, { trackingId }))}
        />
      );
    case 'ACCEPT_RESOLUTION':
      return (
        <ActionForm
          title={title}
          submit="accept"
          run={async (form) =>
            finish(
              await perform(ops.AcceptResolution, {
                trackingId,
                rating: Number(form.get('rating') ?? 0),
                comment: optional(form, 'comment'),
              }),
            )
          }
        >
          <Rating />
          <TextArea name="comment" label="comment" optional />
        </ActionForm>
      );
    case 'ESCALATE_TO_OMBUDSMAN':
      return (
        <ActionForm
          title={title}
          submit="escalate"
          danger
          run={async (form) =>
            finish(
              await perform(ops.EscalateToOmbudsman, {
                trackingId,
                reason: text(form, 'reason') as (typeof ESCALATION_REASONS)[number],
                note: optional(form, 'note'),
              }),
            )
          }
        >
          <EnumSelect name="reason" label="reason" values={ESCALATION_REASONS} prefix="escalation" />
          <TextArea name="note" label="note" optional />
        </ActionForm>
      );
    case 'RECORD_OMBUDSMAN_FINDING':
      return (
        <ActionForm
          title={title}
          submit="record"
          run={async (form) =>
            finish(
              await perform(ops.RecordOmbudsmanFinding, {
                trackingId,
                finding: text(form, 'finding'),
                recommendation: optional(form, 'recommendation'),
                outcome: text(form, 'outcome') as (typeof FINDING_OUTCOMES)[number],
              }),
            )
          }
        >
          <TextArea name="finding" label="finding" />
          <TextArea name="recommendation" label="recommendation" optional />
          <EnumSelect name="outcome" label="outcome" values={FINDING_OUTCOMES} prefix="outcome" />
        </ActionForm>
      );
    default: {
      // A command the schema gained and the console has no form for yet breaks the build here.
      const unknown: never = action;
      return unknown;
    }
  }
}

function TextArea({ name, label, optional }: { name: string; label: TextKey; optional?: boolean }) {
  const t = useT();
  return (
    <Field label={label} hint={optional ? t('optional') : undefined}>
      <textarea name={name} rows={3} required={!optional} />
    </Field>
  );
}

function Checkbox({ name, label, checked }: { name: string; label: TextKey; checked: boolean }) {
  const t = useT();
  return (
    <label class="check">
      <input type="checkbox" name={name} defaultChecked={checked} /> {t(label)}
    </label>
  );
}

function Rating() {
  const t = useT();
  return (
    <fieldset class="rating">
      <legend>{t('rating')}</legend>
      {[1, 2, 3, 4, 5].map((value) => (
        <label key={value}>
          <input type="radio" name="rating" value={value} required /> {value}
        </label>
      ))}
    </fieldset>
  );
}

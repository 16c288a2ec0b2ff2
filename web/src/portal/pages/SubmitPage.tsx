import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { type Category, fieldErrorsOf, type NewTicket, portalApi } from '../api';
import { Field } from '../components/Field';
import { FilePicker, type PickedFile, releasePreviews } from '../components/FilePicker';
import { ErrorNotice, Notice } from '../components/Notice';
import { isEmail, isPhone } from '../format';
import { useSessionChanged } from '../session';

type Values = Required<{ [K in keyof NewTicket]: string }>;

const EMPTY: Values = {
  type: '',
  categoryId: '',
  description: '',
  orderNumber: '',
  productModel: '',
  serialNumber: '',
  contactName: '',
  contactPhone: '',
  contactEmail: '',
  preferredContactTime: '',
};

const DRAFT_KEY = 'aftercare.portal.draft';

/** What was typed survives a reload or a trip back from another page (files cannot be kept). */
function loadDraft(): Values {
  try {
    const saved = JSON.parse(sessionStorage.getItem(DRAFT_KEY) ?? 'null') as Partial<Values> | null;
    return { ...EMPTY, ...(saved ?? {}) };
  } catch {
    return EMPTY;
  }
}

function saveDraft(values: Values | null): void {
  try {
    if (values) sessionStorage.setItem(DRAFT_KEY, JSON.stringify(values));
    else sessionStorage.removeItem(DRAFT_KEY);
  } catch {
    // Storage unavailable: the form still works, only without the draft.
  }
}

/** Categories as one list, children indented under their parent. */
function categoryOptions(categories: Category[]): { id: string; label: string }[] {
  const children = new Map<string | null, Category[]>();
  const ids = new Set(categories.map((category) => category.id));
  for (const category of categories) {
    const parent = category.parentId && ids.has(category.parentId) ? category.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), category]);
  }
  const out: { id: string; label: string }[] = [];
  const walk = (parent: string | null, depth: number) => {
    for (const category of children.get(parent) ?? []) {
      out.push({ id: category.id, label: `${'\u3000'.repeat(depth)}${category.name}` });
      walk(category.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

function validate(values: Values, t: (key: string) => string): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!values.type) errors.type = t('submit.typeRequired');
  if (!values.description.trim()) errors.description = t('submit.descriptionRequired');
  if (!values.contactName.trim()) errors.contactName = t('submit.contactNameRequired');
  const phone = values.contactPhone.trim();
  const email = values.contactEmail.trim();
  if (!phone && !email) errors.contactPhone = t('submit.contactRequired');
  if (phone && !isPhone(phone)) errors.contactPhone = t('submit.phoneInvalid');
  if (email && !isEmail(email)) errors.contactEmail = t('submit.emailInvalid');
  return errors;
}

export default function SubmitPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const sessionChanged = useSessionChanged();
  const [values, setValues] = useState<Values>(loadDraft);
  const [files, setFiles] = useState<PickedFile[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [attempt, setAttempt] = useState(0);
  const honeypot = useRef<HTMLInputElement>(null);

  const types = useQuery({
    queryKey: ['portal', 'ticket-types', i18n.language],
    queryFn: portalApi.ticketTypes,
  });
  const categories = useQuery({
    queryKey: ['portal', 'categories', i18n.language],
    queryFn: portalApi.categories,
  });
  const categoryList = useMemo(() => categoryOptions(categories.data ?? []), [categories.data]);

  useEffect(() => saveDraft(values), [values]);
  useEffect(() => {
    // After a failed attempt, take the customer to the first field to fix.
    if (attempt === 0) return;
    const first = document.querySelector<HTMLElement>('[aria-invalid="true"]');
    first?.focus();
    first?.scrollIntoView({ block: 'center' });
  }, [attempt]);

  const submit = useMutation({
    mutationFn: () => {
      const trimmed = Object.fromEntries(Object.entries(values).map(([key, value]) => [key, value.trim()]));
      return portalApi.submitTicket(
        trimmed as NewTicket,
        files.map((item) => item.file),
        honeypot.current?.value ?? '',
      );
    },
    onSuccess: (created) => {
      saveDraft(null);
      releasePreviews(files);
      sessionChanged();
      navigate(`/new/done?number=${encodeURIComponent(created.number)}`, { state: { url: created.url } });
    },
    onError: (error) => {
      setErrors(fieldErrorsOf(error));
      setAttempt((n) => n + 1);
    },
  });

  const set = (name: keyof Values) => (event: { target: { value: string } }) => {
    const value = event.target.value;
    setValues((current) => ({ ...current, [name]: value }));
    // Either contact field answers "give a phone or an e-mail", so typing in one clears both.
    const cleared =
      name === 'contactPhone' || name === 'contactEmail' ? ['contactPhone', 'contactEmail'] : [name];
    if (cleared.some((field) => errors[field])) {
      setErrors((current) =>
        Object.fromEntries(Object.entries(current).filter(([field]) => !cleared.includes(field))),
      );
    }
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const found = validate(values, t);
    setErrors(found);
    if (Object.keys(found).length > 0) {
      setAttempt((n) => n + 1);
      return;
    }
    submit.mutate();
  };

  const hasClientErrors = Object.keys(errors).length > 0 && !submit.isError;

  return (
    <form className="stack" onSubmit={onSubmit} noValidate data-testid="submit-form">
      <div>
        <h1>{t('submit.title')}</h1>
        <p className="muted">{t('submit.intro')}</p>
      </div>

      <section className="card stack">
        <h2>{t('submit.sectionProblem')}</h2>
        <fieldset className={errors.type ? 'field has-error' : 'field'}>
          <legend>{t('submit.type')}</legend>
          <div className="chips" data-testid="ticket-types">
            {(types.data ?? []).map((option) => (
              <label key={option.value} className="chip">
                <input
                  type="radio"
                  name="type"
                  value={option.value}
                  checked={values.type === option.value}
                  onChange={set('type')}
                  aria-invalid={errors.type ? true : undefined}
                />
                <span>{option.label}</span>
              </label>
            ))}
          </div>
          {types.isError && <ErrorNotice error={types.error} />}
          {errors.type && (
            <p className="field-error" role="alert">
              {errors.type}
            </p>
          )}
        </fieldset>
        <Field label={t('submit.category')} optional error={errors.categoryId}>
          <select value={values.categoryId} onChange={set('categoryId')} data-testid="category">
            <option value="">{t('submit.categoryNone')}</option>
            {categoryList.map((option) => (
              <option key={option.id} value={option.id}>
                {option.label}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('submit.description')} error={errors.description}>
          <textarea
            rows={5}
            value={values.description}
            onChange={set('description')}
            placeholder={t('submit.descriptionPlaceholder')}
            maxLength={10_000}
            data-testid="description"
          />
        </Field>
      </section>

      <section className="card stack">
        <h2>{t('submit.sectionProduct')}</h2>
        <Field label={t('submit.orderNumber')} optional error={errors.orderNumber}>
          <input value={values.orderNumber} onChange={set('orderNumber')} data-testid="order-number" />
        </Field>
        <Field label={t('submit.productModel')} optional error={errors.productModel}>
          <input value={values.productModel} onChange={set('productModel')} data-testid="product-model" />
        </Field>
        <Field label={t('submit.serialNumber')} optional error={errors.serialNumber}>
          <input value={values.serialNumber} onChange={set('serialNumber')} data-testid="serial-number" />
        </Field>
      </section>

      <section className="card stack">
        <h2>{t('submit.sectionFiles')}</h2>
        <FilePicker files={files} onChange={setFiles} />
        {errors.files && (
          <p className="field-error" role="alert">
            {errors.files}
          </p>
        )}
      </section>

      <section className="card stack">
        <h2>{t('submit.sectionContact')}</h2>
        <Field label={t('submit.contactName')} error={errors.contactName}>
          <input
            value={values.contactName}
            onChange={set('contactName')}
            autoComplete="name"
            data-testid="contact-name"
          />
        </Field>
        <Field label={t('submit.contactPhone')} error={errors.contactPhone} hint={t('submit.contactHint')}>
          <input
            type="tel"
            value={values.contactPhone}
            onChange={set('contactPhone')}
            autoComplete="tel"
            inputMode="tel"
            data-testid="contact-phone"
          />
        </Field>
        <Field label={t('submit.contactEmail')} error={errors.contactEmail}>
          <input
            type="email"
            value={values.contactEmail}
            onChange={set('contactEmail')}
            autoComplete="email"
            inputMode="email"
            data-testid="contact-email"
          />
        </Field>
        <Field label={t('submit.preferredContactTime')} optional error={errors.preferredContactTime}>
          <input
            value={values.preferredContactTime}
            onChange={set('preferredContactTime')}
            placeholder={t('submit.preferredContactTimePlaceholder')}
            data-testid="preferred-contact-time"
          />
        </Field>
        {/* A field people never see: automated form fillers do, and are turned away by the server. */}
        <div className="honeypot" aria-hidden="true">
          <input ref={honeypot} tabIndex={-1} autoComplete="off" name="website" defaultValue="" />
        </div>
      </section>

      {hasClientErrors && <Notice tone="error">{t('submit.fixErrors')}</Notice>}
      <ErrorNotice error={submit.error} testId="submit-error" />
      <button
        type="submit"
        className="button primary block large"
        disabled={submit.isPending}
        data-testid="submit-ticket"
      >
        {submit.isPending ? t('submit.submitting') : t('submit.submit')}
      </button>
    </form>
  );
}

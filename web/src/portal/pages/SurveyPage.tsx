import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { fieldErrorsOf, PortalApiError, portalApi, type Survey, type SurveyQuestion } from '../api';
import { ErrorNotice, Loading } from '../components/Notice';

type Answers = Record<string, number | string>;

const FIVE = [1, 2, 3, 4, 5] as const;

/** The R6.1 bands of the 0–100 scale. */
function bandOf(score: number): 'bandSatisfied' | 'bandBasic' | 'bandUnsatisfied' {
  if (score >= 90) return 'bandSatisfied';
  if (score >= 70) return 'bandBasic';
  return 'bandUnsatisfied';
}

function Outcome({ kind }: { kind: 'thanks' | 'expired' | 'answered' | 'invalid' }) {
  const { t } = useTranslation();
  return (
    <section className="card stack center" data-testid={`survey-${kind}`}>
      <div className={kind === 'thanks' ? 'success-mark' : 'info-mark'} aria-hidden="true">
        {kind === 'thanks' ? '✓' : '!'}
      </div>
      <h1>{t(`survey.${kind}Title`)}</h1>
      <p className="muted">{t(`survey.${kind}Text`)}</p>
      <Link to="/" className="button block">
        {t('common.backHome')}
      </Link>
    </section>
  );
}

function outcomeOf(error: unknown): 'expired' | 'answered' | 'invalid' | null {
  if (!(error instanceof PortalApiError)) return null;
  switch (error.code) {
    case 'survey_link_expired':
      return 'expired';
    case 'survey_already_answered':
      return 'answered';
    case 'survey_link_invalid':
      return 'invalid';
    default:
      return error.status === 404 ? 'invalid' : error.status === 410 ? 'expired' : null;
  }
}

function ScoreQuestion({
  question,
  scale,
  value,
  onChange,
  error,
}: {
  question: SurveyQuestion;
  scale: Survey['scale'];
  value: number | undefined;
  onChange: (value: number) => void;
  error: string | undefined;
}) {
  const { t } = useTranslation();
  return (
    <fieldset className={error ? 'field has-error' : 'field'} data-testid={`question-${question.key}`}>
      <legend>
        {question.label}
        {!question.required && <span className="optional">{t('common.optional')}</span>}
      </legend>
      {scale === 'five' ? (
        <div className="scores">
          {FIVE.map((score) => (
            <label key={score} className="score">
              <input
                type="radio"
                name={question.key}
                value={score}
                checked={value === score}
                onChange={() => onChange(score)}
                aria-invalid={error ? true : undefined}
              />
              <span className="score-face">
                <strong>{score}</strong>
                <small className="score-label">{t(`survey.score${score}`)}</small>
              </span>
            </label>
          ))}
          {/* On a phone the buttons show only their number: the scale's ends and the choice are written below. */}
          <div className="scale-ends" aria-hidden="true">
            <span>1 {t('survey.score1')}</span>
            <span>5 {t('survey.score5')}</span>
          </div>
          {value !== undefined && (
            <p className="score-chosen" aria-hidden="true" data-testid={`chosen-${question.key}`}>
              {value} · {t(`survey.score${value}`)}
            </p>
          )}
        </div>
      ) : (
        <div className={value === undefined ? 'slider slider-unset' : 'slider'}>
          <input
            type="range"
            min={0}
            max={100}
            step={1}
            value={value ?? 50}
            onChange={(event) => onChange(Number(event.target.value))}
            onPointerDown={(event) => onChange(Number(event.currentTarget.value))}
            aria-label={question.label}
            aria-invalid={error ? true : undefined}
            aria-valuetext={value === undefined ? t('survey.notRated') : String(value)}
          />
          <output className="slider-value" data-testid={`value-${question.key}`}>
            {value === undefined ? t('survey.notRated') : `${value} · ${t(`survey.${bandOf(value)}`)}`}
          </output>
          <p className="hint">{t('survey.sliderHint')}</p>
        </div>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}

export default function SurveyPage() {
  const { t, i18n } = useTranslation();
  const token = useParams().token ?? '';
  const [answers, setAnswers] = useState<Answers>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const survey = useQuery({
    queryKey: ['portal', 'survey', token, i18n.language],
    queryFn: () => portalApi.survey(token),
  });
  const submit = useMutation({
    mutationFn: () =>
      portalApi.answerSurvey(
        token,
        Object.fromEntries(
          Object.entries(answers).filter(([, value]) => typeof value === 'number' || value.trim() !== ''),
        ),
      ),
    onError: (error) => {
      const byField: Record<string, string> = {};
      for (const [field, message] of Object.entries(fieldErrorsOf(error))) {
        byField[field.replace(/^answers\./, '')] = message;
      }
      setErrors(byField);
    },
  });

  if (submit.isSuccess) return <Outcome kind="thanks" />;
  const failed = outcomeOf(survey.error) ?? outcomeOf(submit.error);
  if (failed) return <Outcome kind={failed} />;
  if (survey.isPending) return <Loading />;
  if (survey.isError) return <ErrorNotice error={survey.error} />;

  const { questions, scale } = survey.data;
  const set = (key: string, value: number | string) => {
    setAnswers((current) => ({ ...current, [key]: value }));
    setErrors(({ [key]: _gone, ...rest }) => rest);
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    for (const question of questions) {
      const value = answers[question.key];
      const missing = value === undefined || (typeof value === 'string' && !value.trim());
      if (question.required && missing) found[question.key] = t('survey.required');
    }
    setErrors(found);
    if (Object.keys(found).length > 0) {
      document.querySelector<HTMLElement>('.has-error')?.scrollIntoView({ block: 'center' });
      return;
    }
    submit.mutate();
  };

  return (
    <form className="stack" onSubmit={onSubmit} noValidate data-testid="survey-form">
      <div>
        <h1>{t('survey.title')}</h1>
        <p className="muted">
          {t('survey.intro', { number: survey.data.ticketNumber, title: survey.data.ticketTitle })}
        </p>
      </div>
      <section className="card stack">
        {questions.map((question) =>
          question.kind === 'score' ? (
            <ScoreQuestion
              key={question.key}
              question={question}
              scale={scale}
              value={
                typeof answers[question.key] === 'number' ? (answers[question.key] as number) : undefined
              }
              onChange={(value) => set(question.key, value)}
              error={errors[question.key]}
            />
          ) : (
            <div
              key={question.key}
              className={errors[question.key] ? 'field has-error' : 'field'}
              data-testid={`question-${question.key}`}
            >
              <label htmlFor={`q-${question.key}`}>
                {question.label}
                {!question.required && <span className="optional">{t('common.optional')}</span>}
              </label>
              <textarea
                id={`q-${question.key}`}
                rows={3}
                maxLength={2000}
                value={typeof answers[question.key] === 'string' ? (answers[question.key] as string) : ''}
                onChange={(event) => set(question.key, event.target.value)}
                aria-invalid={errors[question.key] ? true : undefined}
              />
              {errors[question.key] && (
                <p className="field-error" role="alert">
                  {errors[question.key]}
                </p>
              )}
            </div>
          ),
        )}
      </section>
      <ErrorNotice error={submit.error} />
      <button
        type="submit"
        className="button primary block large"
        disabled={submit.isPending}
        data-testid="survey-submit"
      >
        {submit.isPending ? t('survey.submitting') : t('survey.submit')}
      </button>
    </form>
  );
}

import {
  Card,
  Col,
  DatePicker,
  Empty,
  Flex,
  Result,
  Row,
  Segmented,
  Statistic,
  Table,
  type TableColumnsType,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { serverMessageOf } from '../common/errors';
import { PageHeader } from '../common/PageHeader';
import { useCsat } from './api';
import { type ChartOption, EChart } from './EChart';
import type { CsatDimension, CsatFigures, CsatInterval, CsatReport } from './types';

const percent = (value: number | null) => (value === null ? '—' : `${Math.round(value * 1000) / 10}%`);
const score = (value: number | null) => (value === null ? '—' : String(Math.round(value * 10) / 10));

const BAND_ORDER = ['satisfied', 'basically_satisfied', 'unsatisfied'] as const;
const BAND_COLORS = { satisfied: '#52c41a', basically_satisfied: '#1677ff', unsatisfied: '#ff4d4f' };

function useCharts(report: CsatReport | undefined) {
  const { t } = useTranslation();
  return useMemo(() => {
    if (!report) return null;
    const levels: ChartOption = {
      tooltip: { trigger: 'axis' },
      grid: { left: 40, right: 16, top: 16, bottom: 32 },
      xAxis: {
        type: 'category',
        data: ['1', '2', '3', '4', '5'].map((level) => t(`surveys.level.${level}`)),
      },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          type: 'bar',
          name: t('surveys.csat.answers'),
          data: (['1', '2', '3', '4', '5'] as const).map((level) => report.levels[level]),
          itemStyle: { color: '#1677ff' },
        },
      ],
    };
    const bands: ChartOption = {
      tooltip: { trigger: 'item' },
      legend: { bottom: 0 },
      series: [
        {
          type: 'pie',
          radius: ['40%', '70%'],
          name: t('surveys.csat.bands'),
          data: BAND_ORDER.map((band) => ({
            name: t(`surveys.band.${band}`),
            value: report.bands[band],
            itemStyle: { color: BAND_COLORS[band] },
          })),
        },
      ],
    };
    const trend: ChartOption = {
      tooltip: { trigger: 'axis' },
      legend: { bottom: 0 },
      grid: { left: 48, right: 48, top: 24, bottom: 48 },
      xAxis: { type: 'category', data: report.trend.map((row) => row.period) },
      yAxis: [
        { type: 'value', name: t('surveys.csat.average'), min: 0, max: 100 },
        { type: 'value', name: t('surveys.csat.answered'), minInterval: 1 },
      ],
      series: [
        {
          type: 'line',
          name: t('surveys.csat.average'),
          data: report.trend.map((row) => row.average),
          connectNulls: true,
        },
        {
          type: 'bar',
          name: t('surveys.csat.answered'),
          yAxisIndex: 1,
          data: report.trend.map((row) => row.answered),
          itemStyle: { color: '#d9d9d9' },
        },
      ],
    };
    return { levels, bands, trend };
  }, [report, t]);
}

/** 满意度统计 (R6, R12.2): distribution, average, response rate, trend and breakdowns of the surveys sent. */
export default function CsatPage() {
  const { t } = useTranslation();
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [
    dayjs().subtract(5, 'month').startOf('month'),
    dayjs().endOf('month'),
  ]);
  const [interval, setInterval] = useState<CsatInterval>('month');
  const [by, setBy] = useState<CsatDimension>('agent');
  const query = useCsat({
    from: range[0].format('YYYY-MM-DD'),
    to: range[1].add(1, 'day').format('YYYY-MM-DD'),
    interval,
    by,
  });
  const report = query.data;
  const charts = useCharts(report);

  const columns: TableColumnsType<CsatReport['breakdown'][number]> = [
    {
      title: t(`surveys.csat.by.${by}`),
      dataIndex: 'name',
      render: (name: string | null) => name ?? t('surveys.csat.unassigned'),
    },
    {
      title: t('surveys.csat.average'),
      dataIndex: 'average',
      render: score,
      sorter: (a, b) => (a.average ?? -1) - (b.average ?? -1),
    },
    { title: t('surveys.csat.answered'), dataIndex: 'answered', sorter: (a, b) => a.answered - b.answered },
    { title: t('surveys.csat.sent'), dataIndex: 'sent' },
    { title: t('surveys.csat.responseRate'), dataIndex: 'responseRate', render: percent },
    { title: t('surveys.csat.satisfiedRate'), dataIndex: 'satisfiedRate', render: percent },
    { title: t('surveys.csat.low'), dataIndex: 'lowCount' },
  ];

  const totals: CsatFigures | undefined = report?.totals;
  return (
    <Flex vertical gap={16} data-testid="csat-page">
      <PageHeader
        title={t('nav.csat')}
        extra={
          <Flex gap={8} wrap>
            <DatePicker.RangePicker
              picker="month"
              value={range}
              allowClear={false}
              onChange={(value) => {
                if (value?.[0] && value[1]) setRange([value[0].startOf('month'), value[1].endOf('month')]);
              }}
            />
            <Segmented<CsatInterval>
              value={interval}
              onChange={setInterval}
              options={(['week', 'month'] as const).map((value) => ({
                value,
                label: t(`surveys.csat.interval.${value}`),
              }))}
            />
          </Flex>
        }
      />
      <Typography.Text type="secondary">{t('surveys.csat.intro')}</Typography.Text>
      {query.isError && <Result status="error" title={serverMessageOf(query.error) ?? t('errors.network')} />}
      {totals && (
        <Row gutter={[16, 16]}>
          {[
            ['average', score(totals.average)],
            ['satisfiedRate', percent(totals.satisfiedRate)],
            ['responseRate', percent(totals.responseRate)],
            ['answeredOfSent', `${totals.answered} / ${totals.sent}`],
            ['low', String(totals.lowCount)],
          ].map(([key, value]) => (
            <Col key={key} xs={12} md={8} xl={4}>
              <Card size="small">
                <Statistic title={t(`surveys.csat.${key}`)} value={value} data-testid={`csat-${key}`} />
              </Card>
            </Col>
          ))}
        </Row>
      )}
      {charts && report && report.totals.answered > 0 ? (
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={12}>
            <Card size="small" title={t('surveys.csat.levels')}>
              <EChart option={charts.levels} testId="csat-levels" />
            </Card>
          </Col>
          <Col xs={24} xl={12}>
            <Card size="small" title={t('surveys.csat.bands')}>
              <EChart option={charts.bands} testId="csat-bands" />
            </Card>
          </Col>
          <Col xs={24}>
            <Card size="small" title={t('surveys.csat.trend')}>
              <EChart option={charts.trend} height={320} testId="csat-trend" />
            </Card>
          </Col>
        </Row>
      ) : (
        report && <Empty description={t('surveys.csat.empty')} />
      )}
      <Card
        size="small"
        title={t('surveys.csat.breakdown')}
        extra={
          <Segmented<CsatDimension>
            value={by}
            onChange={setBy}
            options={(['agent', 'group', 'category', 'product'] as const).map((value) => ({
              value,
              label: t(`surveys.csat.by.${value}`),
            }))}
          />
        }
      >
        <Table
          rowKey={(row) => row.id ?? 'none'}
          size="small"
          columns={columns}
          dataSource={report?.breakdown}
          loading={query.isPending}
          pagination={false}
          scroll={{ x: 'max-content' }}
          data-testid="csat-breakdown"
        />
      </Card>
    </Flex>
  );
}

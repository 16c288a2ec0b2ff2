import { Checkbox, Flex, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { groupPermissions, usePermissionLabel, usePermissions } from '../queries';

/** Checkboxes of every permission, grouped by the catalogue's `group`; a form control. */
export function PermissionPicker({
  value,
  onChange,
}: {
  value?: string[];
  onChange?: (value: string[]) => void;
}) {
  const { t } = useTranslation();
  const label = usePermissionLabel();
  const permissions = usePermissions();
  if (!permissions.data) return <Spin />;

  return (
    <Checkbox.Group
      value={value}
      onChange={(next) => onChange?.(next as string[])}
      style={{ display: 'block' }}
    >
      {groupPermissions(permissions.data.items).map(([group, items]) => (
        <div key={group} style={{ marginBottom: 12 }}>
          <Typography.Text strong>{t(`permissionGroups.${group}`, { defaultValue: group })}</Typography.Text>
          <Flex wrap gap={8} style={{ marginTop: 4 }}>
            {items.map((permission) => (
              <Checkbox key={permission.key} value={permission.key}>
                {label(permission.key)}
              </Checkbox>
            ))}
          </Flex>
        </div>
      ))}
    </Checkbox.Group>
  );
}

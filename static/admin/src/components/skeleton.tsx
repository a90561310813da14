import Skeleton from '@atlaskit/skeleton';
import type { ReactNode } from 'react';
import './skeleton.css';

/** One placeholder block in Atlaskit's skeleton look; still under prefers-reduced-motion. */
export function Bone({
  width = '100%',
  height = 16,
  radius,
}: {
  width?: string | number;
  height?: string | number;
  radius?: 'small' | 'medium' | 'full';
}) {
  return (
    <Skeleton
      width={width}
      height={height}
      isShimmering
      groupName="tr-skeleton"
      borderRadius={
        radius === 'full'
          ? 'var(--ds-radius-full)'
          : radius === 'medium'
            ? 'var(--ds-radius-medium)'
            : 'var(--ds-radius-small)'
      }
    />
  );
}

/**
 * A loading region: announced once by its label (the blocks themselves are hidden from
 * assistive technology), with the shape of what is coming.
 */
export function SkeletonRegion({
  label,
  children,
  testId,
  className,
}: {
  label: string;
  children: ReactNode;
  testId?: string;
  className?: string;
}) {
  return (
    <div
      className={`tr-skeleton${className ? ` ${className}` : ''}`}
      role="status"
      aria-live="polite"
      aria-busy="true"
      data-testid={testId ?? 'skeleton'}
    >
      <span className="tr-visually-hidden">{label}</span>
      <div aria-hidden="true" className="tr-skeleton">
        {children}
      </div>
    </div>
  );
}

/** A few lines of text: the generic placeholder for a view whose code is still arriving. */
export function TextSkeleton({ label, lines = 3 }: { label: string; lines?: number }) {
  const widths = ['72%', '94%', '58%', '86%', '64%'];
  return (
    <SkeletonRegion label={label} className="tr-skeleton-lines">
      <Bone width="32%" height={20} />
      {Array.from({ length: lines }, (_, i) => (
        <Bone key={i} width={widths[i % widths.length]} />
      ))}
    </SkeletonRegion>
  );
}

/** The assessments table while its first page loads: a handful of rows in its columns. */
export function TableSkeleton({ label, rows = 5 }: { label: string; rows?: number }) {
  return (
    <SkeletonRegion label={label} testId="list-skeleton">
      <div className="tr-skeleton-table">
        {Array.from({ length: rows }, (_, i) => (
          <div className="tr-skeleton-row" key={i}>
            <div className="tr-skeleton">
              <Bone width={i % 2 ? '60%' : '75%'} />
              <Bone width="40%" height={12} />
            </div>
            <div>
              <Bone width={56} height={20} />
            </div>
            <div>
              <Bone width={72} height={20} />
            </div>
            <div>
              <Bone width={32} />
            </div>
            <div>
              <Bone width={40} />
            </div>
            <div className="tr-skeleton">
              <Bone width="80%" />
              <Bone width="50%" height={12} />
            </div>
          </div>
        ))}
      </div>
    </SkeletonRegion>
  );
}

/** The assessment page while it loads: title, status strip, one row of tabs, question cards. */
export function AssessmentSkeleton({ label }: { label: string }) {
  return (
    <SkeletonRegion label={label} testId="assessment-skeleton">
      <div className="tr-skeleton-row">
        <Bone width={72} height={20} radius="small" />
        <Bone width={88} height={20} radius="small" />
        <Bone width={120} />
        <Bone width={96} />
      </div>
      <div className="tr-skeleton-row">
        {[96, 64, 112, 104, 64, 56, 56].map((w, i) => (
          <Bone key={i} width={w} height={24} />
        ))}
      </div>
      {[0, 1, 2].map((i) => (
        <div className="tr-skeleton tr-skeleton-card" key={i}>
          <Bone width={i === 1 ? '48%' : '62%'} height={20} />
          <Bone width="90%" />
          <div className="tr-skeleton-row">
            <Bone width={16} height={16} radius="full" />
            <Bone width={48} />
            <Bone width={16} height={16} radius="full" />
            <Bone width={40} />
          </div>
        </div>
      ))}
    </SkeletonRegion>
  );
}

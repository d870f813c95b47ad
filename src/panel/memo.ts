/**
 * A component that renders only when `same` says its props changed. Preact's
 * core has no memo, and preact/compat's would install compat's prop rewriting
 * for every element of the panel. The wrapped component must take everything
 * it shows from its props (a signal it reads would not re-render it).
 */
import { Component, type ComponentChildren } from 'preact';

export function memo<P extends object>(render: (props: P) => ComponentChildren, same: (a: P, b: P) => boolean) {
  return class Memo extends Component<P> {
    override shouldComponentUpdate(next: P): boolean {
      return !same(this.props, next);
    }
    render(props: P): ComponentChildren {
      return render(props);
    }
  };
}

/** Props equal key by key (Object.is, so NaN equals NaN). */
export function sameProps<P extends object>(a: P, b: P): boolean {
  for (const key in a) if (!Object.is(a[key], b[key])) return false;
  for (const key in b) if (!(key in a)) return false;
  return true;
}

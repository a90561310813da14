/*
 * The local stand-in for the Forge host. In Jira, Custom UI pages talk to their host through
 * `globalThis.__bridge.callBridge(method, args)`, which @forge/bridge looks up when its modules
 * load; this file defines the same object before the app bundle runs, so the production build
 * works unchanged on the local server. Served only by src/local/server.ts, never bundled.
 *
 * Plain ES2020 with no imports: it must run as a classic script ahead of the module bundle.
 */
(function installLocalBridge() {
  'use strict';

  var script = document.currentScript;
  var config = {
    accountId: (script && script.dataset.accountId) || 'local-admin',
    moduleKey: (script && script.dataset.moduleKey) || 'trust-readiness-admin',
    invokePath: '/__local/invoke',
    productPath: '/__local/product',
    themePath: '/__local/theme.css',
  };

  // --- theme ---------------------------------------------------------------------------------

  var THEME_KEY = 'trust-readiness:local-theme';
  var requested = new URLSearchParams(window.location.search).get('theme');
  if (requested === 'light' || requested === 'dark' || requested === 'auto') {
    try {
      window.sessionStorage.setItem(THEME_KEY, requested);
    } catch {
      // Storage may be blocked; the query parameter still applies to this page load.
    }
  }

  function themePreference() {
    if (requested === 'light' || requested === 'dark' || requested === 'auto') return requested;
    try {
      var stored = window.sessionStorage.getItem(THEME_KEY);
      if (stored === 'light' || stored === 'dark' || stored === 'auto') return stored;
    } catch {
      // Fall through to the system preference.
    }
    return 'auto';
  }

  var darkQuery = window.matchMedia ? window.matchMedia('(prefers-color-scheme: dark)') : null;

  function colorMode() {
    var preference = themePreference();
    if (preference !== 'auto') return preference;
    return darkQuery && darkQuery.matches ? 'dark' : 'light';
  }

  function themeState() {
    return {
      colorMode: colorMode(),
      dark: 'dark',
      light: 'light',
      spacing: 'spacing',
      typography: 'typography',
      shape: 'shape',
    };
  }

  var themeLoaded = null;

  // Jira answers enableTheming by setting these attributes and loading the token style sheets;
  // Atlaskit's token CSS is keyed on exactly these selectors.
  function applyTheme() {
    var root = document.documentElement;
    root.setAttribute(
      'data-theme',
      'dark:dark light:light motion:motion shape:shape spacing:spacing typography:typography',
    );
    root.setAttribute('data-color-mode', colorMode());
  }

  function enableTheming() {
    applyTheme();
    if (!themeLoaded) {
      themeLoaded = new Promise(function (resolve) {
        var link = document.createElement('link');
        link.rel = 'stylesheet';
        link.href = config.themePath;
        link.setAttribute('data-local-theme', '');
        link.onload = function () {
          resolve();
        };
        link.onerror = function () {
          console.warn('[local bridge] could not load the design-token theme');
          resolve();
        };
        document.head.appendChild(link);
      });
      if (darkQuery && darkQuery.addEventListener) {
        darkQuery.addEventListener('change', applyTheme);
      }
    }
    return themeLoaded.then(function () {
      return undefined;
    });
  }

  // --- history -------------------------------------------------------------------------------

  var historyListeners = [];
  var historyAction = 'POP';

  function currentLocation() {
    var state = window.history.state;
    return {
      pathname: window.location.pathname,
      search: window.location.search,
      hash: window.location.hash,
      state: state && typeof state === 'object' && 'usr' in state ? state.usr : null,
      key: state && typeof state === 'object' && state.key ? state.key : 'default',
    };
  }

  function toUrl(to) {
    if (typeof to === 'string') return to;
    return (to.pathname || window.location.pathname) + (to.search || '') + (to.hash || '');
  }

  function notify(historyObject) {
    historyObject.location = currentLocation();
    historyObject.action = historyAction;
    historyObject.length = window.history.length;
    historyListeners.slice().forEach(function (listener) {
      listener(historyObject.location, historyAction);
    });
  }

  // Same shape as the `history` v4 object Jira hands back: listeners get (location, action).
  function createHistory() {
    var historyObject = {
      length: window.history.length,
      action: historyAction,
      location: currentLocation(),
      push: function (to, state) {
        historyAction = 'PUSH';
        var key = Math.random().toString(36).slice(2, 10);
        window.history.pushState(
          { usr: state === undefined ? null : state, key: key },
          '',
          toUrl(to),
        );
        notify(historyObject);
      },
      replace: function (to, state) {
        historyAction = 'REPLACE';
        var key = Math.random().toString(36).slice(2, 10);
        window.history.replaceState(
          { usr: state === undefined ? null : state, key: key },
          '',
          toUrl(to),
        );
        notify(historyObject);
      },
      go: function (delta) {
        window.history.go(delta);
      },
      goBack: function () {
        window.history.back();
      },
      goForward: function () {
        window.history.forward();
      },
      block: function () {
        return function () {};
      },
      createHref: function (to) {
        return toUrl(to);
      },
      listen: function (listener) {
        historyListeners.push(listener);
        return function () {
          historyListeners = historyListeners.filter(function (l) {
            return l !== listener;
          });
        };
      },
    };
    window.addEventListener('popstate', function () {
      historyAction = 'POP';
      notify(historyObject);
    });
    return historyObject;
  }

  // --- flags ---------------------------------------------------------------------------------

  var flagRegion = null;

  function showFlag(options) {
    if (!flagRegion) {
      flagRegion = document.createElement('div');
      flagRegion.setAttribute('role', 'status');
      flagRegion.setAttribute('aria-live', 'polite');
      flagRegion.setAttribute('data-local-flags', '');
      flagRegion.style.cssText =
        'position:fixed;left:16px;bottom:16px;z-index:600;display:flex;flex-direction:column;gap:8px;max-width:400px';
      document.body.appendChild(flagRegion);
    }
    closeFlag({ id: options.id });
    var flag = document.createElement('div');
    flag.setAttribute('data-flag-id', String(options.id));
    flag.style.cssText =
      'padding:16px;border-radius:6px;background:var(--ds-surface-overlay,#fff);color:var(--ds-text,#172b4d);box-shadow:var(--ds-shadow-overlay,0 8px 12px #091e4226)';
    var title = document.createElement('strong');
    // textContent, never innerHTML: flag text can carry user input.
    title.textContent = options.title || '';
    flag.appendChild(title);
    if (options.description) {
      var description = document.createElement('div');
      description.textContent = String(options.description);
      flag.appendChild(description);
    }
    flagRegion.appendChild(flag);
    if (options.isAutoDismiss) {
      setTimeout(function () {
        closeFlag({ id: options.id });
      }, 8000);
    }
    return Promise.resolve();
  }

  function closeFlag(args) {
    if (!flagRegion) return Promise.resolve();
    var existing = flagRegion.querySelectorAll('[data-flag-id]');
    for (var i = 0; i < existing.length; i += 1) {
      if (existing[i].getAttribute('data-flag-id') === String(args && args.id))
        existing[i].remove();
    }
    return Promise.resolve();
  }

  // --- invoke --------------------------------------------------------------------------------

  function invoke(args) {
    return fetch(config.invokePath, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      credentials: 'same-origin',
      // Like Jira's bridge, which the host frame runs: a call made as the page goes away
      // (pagehide, a route change) still reaches the backend.
      keepalive: true,
      body: JSON.stringify({ functionKey: args.functionKey, payload: args.payload || {} }),
    }).then(function (response) {
      return response.json().then(
        function (body) {
          if (!response.ok) {
            throw new Error((body && body.error) || 'invoke failed with HTTP ' + response.status);
          }
          // With metadata requested, Forge wraps the answer as { body, metadata }.
          return args.metadata ? { body: body, metadata: {} } : body;
        },
        function () {
          throw new Error('invoke failed with HTTP ' + response.status);
        },
      );
    });
  }

  // --- product REST (requestJira) ---------------------------------------------------------

  // @forge/bridge's requestJira sends { product, restPath, fetchRequestInit } and builds a
  // Response from { body, headers, status, statusText }. Jira calls it as the signed-in user;
  // here the local server answers from its Jira stub as the local user.
  function fetchProduct(args) {
    var init = (args && args.fetchRequestInit) || {};
    return fetch(config.productPath, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      credentials: 'same-origin',
      body: JSON.stringify({
        product: args && args.product,
        restPath: args && args.restPath,
        method: init.method || 'GET',
      }),
    }).then(function (response) {
      return response.json().then(function (answer) {
        if (!response.ok) {
          throw new Error(
            (answer && answer.error) || 'requestJira failed with HTTP ' + response.status,
          );
        }
        return {
          body: answer.body,
          headers: answer.headers || {},
          status: answer.status,
          statusText: answer.statusText || '',
          isAttachment: false,
        };
      });
    });
  }

  // --- the bridge ----------------------------------------------------------------------------

  var localId = 'local-' + Math.random().toString(36).slice(2, 10);

  var handlers = {
    invoke: invoke,
    fetchProduct: fetchProduct,
    getContext: function () {
      return {
        accountId: config.accountId,
        cloudId: 'local-cloud',
        siteUrl: window.location.origin,
        environmentId: 'local',
        environmentType: 'DEVELOPMENT',
        localId: localId,
        locale: navigator.language || 'en-US',
        timezone: Intl.DateTimeFormat().resolvedOptions().timeZone,
        moduleKey: config.moduleKey,
        extension: { type: 'jira:adminPage' },
        theme: themeState(),
      };
    },
    enableTheming: enableTheming,
    createHistory: createHistory,
    changeWindowTitle: function (title) {
      document.title = String(title);
    },
    showFlag: showFlag,
    closeFlag: closeFlag,
    navigate: function (args) {
      var url = args && (args.url || args.target);
      if (typeof url !== 'string') return Promise.reject(new Error('navigate needs a url'));
      if (args.type === 'new-tab') window.open(url, '_blank', 'noopener,noreferrer');
      else window.location.assign(url);
    },
    getUrl: function (location) {
      return (
        new URL('/', window.location.origin).toString() + '#' + String(location && location.target)
      );
    },
    reload: function () {
      window.location.reload();
    },
    // A full page is neither a modal nor a macro: answer as Jira does for an admin page.
    open: function () {
      return false;
    },
    close: function () {
      return false;
    },
    submit: function () {
      return false;
    },
    refresh: function () {
      return false;
    },
    onClose: function () {
      return false;
    },
    emitReadyEvent: function () {},
    getFrameDispatch: function () {},
  };

  globalThis.__bridge = {
    callBridge: function (method, args) {
      var handler = handlers[method];
      if (!handler) {
        return Promise.reject(new Error('The local bridge does not support "' + method + '"'));
      }
      try {
        return Promise.resolve(handler(args));
      } catch (error) {
        return Promise.reject(error);
      }
    },
  };
})();

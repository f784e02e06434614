// The front end of `handbook edit`: Thai first, English second.
// Forms come from the server's JSON Schemas (generator/editor/forms.py) through react-jsonschema-form;
// every check is the server's (the same as `handbook check`), shown next to its field.
// Bundled by esbuild into generator/editor/static/editor.js (npm ci && npm run build in editor-ui/).
import React, { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { createRoot } from "react-dom/client";
import Form from "@rjsf/core";
import validator from "./validator.js";
import { getDefaultRegistry } from "@rjsf/core";
import { T } from "./strings.js";
import { api, session } from "./api.js";

const KIND_NAMES = {
  office: "ข้อมูลสำนักงาน / office",
  procedure: "งาน / procedure",
  officer: "เจ้าหน้าที่ / officer",
  manual: "คู่มือ / manual",
};

// ------------------------------------------------------------------ form look (templates and widgets)
const defaults = getDefaultRegistry();
const { TextareaWidget, CheckboxesWidget, SelectWidget } = defaults.widgets;
const BaseInput = defaults.templates.BaseInputTemplate;

function Btn({ label, onClick, disabled, className, id }) {
  return (
    <button type="button" id={id} className={"btn-small " + (className || "")} onClick={onClick} disabled={disabled}>
      {label}
    </button>
  );
}
const ButtonTemplates = {
  ...defaults.templates.ButtonTemplates,
  AddButton: (p) => <Btn id={p.id} className="btn-add" onClick={p.onClick} disabled={p.disabled} label={"+ " + T.add} />,
  MoveUpButton: (p) => <Btn id={p.id} onClick={p.onClick} disabled={p.disabled} label={"↑ " + T.up} />,
  MoveDownButton: (p) => <Btn id={p.id} onClick={p.onClick} disabled={p.disabled} label={"↓ " + T.down} />,
  RemoveButton: (p) => <Btn id={p.id} className="btn-remove" onClick={p.onClick} disabled={p.disabled} label={"✕ " + T.remove} />,
  CopyButton: (p) => <Btn id={p.id} onClick={p.onClick} disabled={p.disabled} label={T.copy} />,
  SubmitButton: () => null,
};

function isTextBox(id) {
  return /_(th|en)$/.test(id);
}
// the Thai and English boxes of a bilingual text: a text area that grows with the text
function TextWidget(props) {
  if (isTextBox(props.id)) {
    const value = props.value || "";
    const rows = Math.min(8, Math.max(1, Math.ceil(value.length / 70) + (value.match(/\n/g) || []).length));
    return (
      <TextareaWidget {...props} options={{ ...props.options, rows }} />
    );
  }
  return <BaseInput {...props} />;
}
function MultiSelect(props) {
  if (props.multiple) return <CheckboxesWidget {...props} options={{ ...props.options, inline: false }} />;
  return <SelectWidget {...props} placeholder={props.placeholder || T.choose} />;
}
function Description({ description, id }) {
  if (!description) return null;
  const thai = /[\u0e00-\u0e7f]/.test(String(description).slice(0, 12));
  return <p id={id} className="field-help" lang={thai ? "th" : "en"}>{description}</p>;
}
function FieldErrors({ errors = [], fieldPathId }) {
  const shown = errors.filter(Boolean);
  if (!shown.length) return null;
  const id = (fieldPathId && fieldPathId.$id ? fieldPathId.$id : "") + "__error";
  return (
    <ul id={id} className="field-errors">
      {shown.map((e, i) => (
        <li key={i} className={String(e).startsWith("คำเตือน") ? "warn" : "err"}>{e}</li>
      ))}
    </ul>
  );
}
// one item of a list: its fields, then its buttons (up, down, remove) on their own line
function ArrayItem(props) {
  const { children, className, buttonsProps, hasToolbar, registry } = props;
  const Buttons = registry.templates.ArrayFieldItemButtonsTemplate;
  return (
    <div className={"array-item " + (className || "")}>
      <div className="array-item-body">{children}</div>
      {hasToolbar ? <div className="array-item-toolbox"><Buttons {...buttonsProps} /></div> : null}
    </div>
  );
}
const templates = {
  ButtonTemplates,
  ArrayFieldItemTemplate: ArrayItem,
  DescriptionFieldTemplate: Description,
  FieldErrorTemplate: FieldErrors,
  ErrorListTemplate: () => null,
};
const widgets = { TextWidget, SelectWidget: MultiSelect };
const translateString = (key, params) => {
  const s = T.rjsf[key];
  if (!s) return defaults.translateString(key, params);
  return (params || []).reduce((out, p, i) => out.replace("%" + (i + 1), p), s);
};

// the targets of a decision's branches: next, end and every step (a step without an id gets one on choosing)
function withStepChoices(schema, data) {
  if (!schema || !schema.$defs || !schema.$defs.Branch) return schema;
  const steps = (data && data.steps) || [];
  const options = [
    { const: "next", title: T.gotoNext },
    { const: "end", title: T.gotoEnd },
  ];
  steps.forEach((s, i) => {
    const text = ((s && s.text && s.text.th) || "").slice(0, 50);
    const value = s && s.id ? s.id : "@" + i;
    options.push({ const: value, title: `${T.stepN(i + 1)}: ${text}` });
  });
  const out = { ...schema, $defs: { ...schema.$defs } };
  out.$defs.Branch = {
    ...schema.$defs.Branch,
    properties: { ...schema.$defs.Branch.properties, goto: { ...schema.$defs.Branch.properties.goto, oneOf: options } },
  };
  return out;
}
// a branch that goes to a step without an id: give that step an id (s<number>) and point the branch at it
function fixGotos(data) {
  if (!data || !Array.isArray(data.steps)) return data;
  let changed = false;
  const steps = data.steps.map((s) => ({ ...s }));
  const taken = new Set(steps.map((s) => s.id).filter(Boolean));
  steps.forEach((s) => {
    (s.branches || []).forEach((b, j) => {
      if (b && typeof b.goto === "string" && b.goto.startsWith("@")) {
        const k = Number(b.goto.slice(1));
        if (!steps[k]) return;
        if (!steps[k].id) {
          let id = "s" + (k + 1);
          while (taken.has(id)) id += "x";
          taken.add(id);
          steps[k].id = id;
        }
        s.branches = s.branches.map((x, n) => (n === j ? { ...x, goto: steps[k].id } : x));
        changed = true;
      }
    });
  });
  return changed ? { ...data, steps } : data;
}

// ------------------------------------------------------------------ small pieces
function Status({ children, tone }) {
  return <div role="status" aria-live="polite" className={"status " + (tone || "")}>{children}</div>;
}
function Badge({ errors, warnings, draft }) {
  return (
    <span className="badges">
      {draft ? <span className="badge draft">{T.draft}</span> : null}
      {errors ? <span className="badge err">{T.errorsN(errors)}</span> : null}
      {warnings ? <span className="badge warn">{T.warningsN(warnings)}</span> : null}
    </span>
  );
}
// "procedures/x.yml" (or x.draft.yml) → the editor of that file
function fileLink(file) {
  const m = /^(procedures|officers|manuals)\/([a-z0-9-]+?)(\.draft)?\.yml$/.exec(file || "");
  if (m) return `#/edit/${m[1].slice(0, -1)}/${m[2]}`;
  return file === "office.yml" ? "#/edit/office" : "#/";
}
function go(hash) {
  window.location.hash = hash;
}

// ------------------------------------------------------------------ home
function Home({ me }) {
  const [home, setHome] = useState(null);
  const [query, setQuery] = useState("");
  const [error, setError] = useState("");
  useEffect(() => {
    api("GET", "/api/home").then(setHome).catch((e) => setError(e.message));
  }, []);
  if (error) return <Status tone="err">{error}</Status>;
  if (!home) return <Status>{T.loading}</Status>;
  const q = query.trim().toLowerCase();
  const match = (x) => !q || (x.name || "").toLowerCase().includes(q) || x.id.includes(q);
  const unitName = Object.fromEntries(home.work_units.map((u) => [u.id, u.name]));
  const units = [...home.work_units.map((u) => u.id), ""];
  return (
    <main id="main" tabIndex={-1} className="home">
      <h1>{home.office.short_name || T.appName}</h1>
      <p className="lead">{home.office.name}</p>
      <div className="home-actions">
        <a className="btn" href="#/edit/office">{T.editOffice}</a> <Badge {...home.office} />
        <a className="btn" href="#/new/procedure">+ {T.newProcedure}</a>
        <a className="btn" href="#/new/officer">+ {T.newOfficer}</a>
        <a className="btn" href="#/new/manual">+ {T.newManual}</a>
      </div>
      <div className="search">
        <label htmlFor="home-search">{T.search}</label>
        <input id="home-search" type="search" value={query} onChange={(e) => setQuery(e.target.value)}
               placeholder={T.searchPlaceholder} />
      </div>
      <p className="summary">
        {home.errors ? T.projectErrors(home.errors) : T.projectOk}{" "}
        {home.warnings ? T.projectWarnings(home.warnings) : ""}
      </p>
      {home.problems.length ? (
        <details className="problems">
          <summary>{T.allProblems}</summary>
          <ul>
            {home.problems.map((p, i) => (
              <li key={i} className={p.severity === "error" ? "err" : "warn"}>
                <a href={fileLink(p.file)}><code>{p.file}</code></a> {p.path} {p.message}{p.hint ? " — " + p.hint : ""}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      <section aria-labelledby="h-procedures">
        <h2 id="h-procedures">{T.procedures}</h2>
        {units.map((unit) => {
          const items = home.procedures.filter((p) => (p.work_unit || "") === unit && match(p));
          if (!items.length) return null;
          return (
            <div key={unit || "none"} className="unit">
              <h3>{unit ? unitName[unit] || unit : T.noUnit}</h3>
              <ul className="list">
                {items.map((p) => (
                  <li key={p.id}>
                    <a href={`#/edit/procedure/${p.id}`}>{p.name || p.id}</a> <Badge {...p} />
                  </li>
                ))}
              </ul>
            </div>
          );
        })}
      </section>
      <section aria-labelledby="h-officers">
        <h2 id="h-officers">{T.officers}</h2>
        <ul className="list">
          {home.officers.filter(match).map((o) => (
            <li key={o.id}><a href={`#/edit/officer/${o.id}`}>{o.name || o.id}</a> <Badge {...o} /></li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="h-manuals">
        <h2 id="h-manuals">{T.manuals}</h2>
        <ul className="list">
          {home.manuals.filter(match).map((m) => (
            <li key={m.id}>
              <a href={`#/edit/manual/${m.id}`}>{m.name || T.manualOf(m.kind, m.author)}</a> <Badge {...m} />
            </li>
          ))}
        </ul>
      </section>
    </main>
  );
}

// ------------------------------------------------------------------ a new file: its id first
function NewFile({ kind }) {
  const [id, setId] = useState("");
  const ok = /^[a-z0-9][a-z0-9-]*$/.test(id);
  return (
    <main id="main" tabIndex={-1} className="narrow">
      <h1>{T.newTitle(KIND_NAMES[kind])}</h1>
      <form onSubmit={(e) => { e.preventDefault(); if (ok) go(`#/edit/${kind}/${id}`); }}>
        <label htmlFor="new-id">{T.newId}</label>
        <p className="field-help" id="new-id-help">{T.newIdHelp}</p>
        <input id="new-id" aria-describedby="new-id-help" value={id} autoComplete="off"
               onChange={(e) => setId(e.target.value.trim().toLowerCase())} />
        {id && !ok ? <p className="field-errors err" role="alert">{T.badId}</p> : null}
        <p><button type="submit" className="btn primary" disabled={!ok}>{T.next}</button></p>
      </form>
    </main>
  );
}

// ------------------------------------------------------------------ the editor of one file
function Editor({ kind, id, initial }) {
  const [schema, setSchema] = useState(null);
  const [data, setData] = useState(null);
  const [file, setFile] = useState(null); // {exists, draft, hash}
  const [check, setCheck] = useState(null);
  const [state, setState] = useState({ text: "", tone: "" });
  const [conflict, setConflict] = useState(null);
  const [needsDraft, setNeedsDraft] = useState(false);
  const [preview, setPreview] = useState({ html: "", message: "", seconds: 0 });
  const [dirty, setDirty] = useState(false);
  const timer = useRef(null);
  const previewTimer = useRef(null);
  const latest = useRef(null);

  const load = useCallback(() => {
    setConflict(null);
    setNeedsDraft(false);
    return Promise.all([api("GET", `/api/schema/${kind}`), api("GET", kind === "office" ? "/api/file/office" : `/api/file/${kind}/${id}`)])
      .then(([s, f]) => {
        setSchema(s);
        const start = initial && !f.exists ? initial : f.data;
        setData(start);
        latest.current = start;
        setFile(f);
        setDirty(!!(initial && !f.exists));
        setState({ text: f.draft ? T.openedDraft : f.exists ? "" : T.newFileNote, tone: f.draft ? "warn" : "" });
        runCheck(start);
      })
      .catch((e) => setState({ text: e.message, tone: "err" }));
  }, [kind, id]);
  useEffect(() => { load(); }, [load]);

  const url = (what) => (kind === "office" ? `/api/${what}/office` : `/api/${what}/${kind}/${id}`);
  const runCheck = (value) => {
    api("POST", url("check"), { data: value }).then((r) => {
      if (latest.current !== value) return;
      setCheck(r);
      if (kind === "procedure") schedulePreview(value);
    }).catch(() => {});
  };
  const schedulePreview = (value) => {
    clearTimeout(previewTimer.current);
    previewTimer.current = setTimeout(() => {
      api("POST", `/api/preview/${id}`, { data: value }).then((p) => {
        if (latest.current === value) setPreview(p);
      }).catch(() => {});
    }, 150);
  };
  const onChange = ({ formData }) => {
    const fixed = fixGotos(formData);
    latest.current = fixed;
    setData(fixed);
    setDirty(true);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => runCheck(fixed), 350);
  };
  const save = (asDraft, force) => {
    setState({ text: T.saving, tone: "" });
    const hash = force ? force : file.hash;
    api("POST", url("save"), { data: latest.current, hash, draft: !!asDraft })
      .then((r) => {
        setFile((f) => ({ ...f, exists: true, draft: r.draft, hash: r.hash }));
        setDirty(false);
        setNeedsDraft(false);
        setConflict(null);
        setCheck((c) => ({ ...(c || {}), nested: r.nested, fields: r.fields, errors: r.errors, warnings: r.warnings }));
        setState({ text: r.draft ? T.savedDraft(r.file) : T.saved(r.file), tone: r.draft ? "warn" : "ok" });
      })
      .catch((e) => {
        if (e.status === 409) {
          setConflict(e.body);
          setState({ text: e.message, tone: "err" });
        } else if (e.status === 422 && e.body && e.body.needs_draft) {
          setNeedsDraft(true);
          setCheck((c) => ({ ...(c || {}), nested: e.body.nested, fields: e.body.fields }));
          setState({ text: e.message, tone: "err" });
        } else {
          setState({ text: e.message, tone: "err" });
        }
      });
  };
  const shownSchema = useMemo(() => {
    if (kind !== "procedure" || !schema) return schema;
    const out = withStepChoices(schema, data);
    if (data && data.kind !== "service" && !data.service) {
      // the service fields (คู่มือสำหรับประชาชน) only for a service: choose "งานบริการ" under ชนิด to see them
      const { service, ...rest } = out.properties;
      return { ...out, properties: rest };
    }
    return out;
  }, [schema, data, kind]);
  if (!schema || !data) return <main id="main" tabIndex={-1}><Status tone={state.tone}>{state.text || T.loading}</Status></main>;
  const problems = (check && check.fields) || [];
  const errors = problems.filter((p) => p.severity === "error").length;
  const others = ((check && check.others) || []).filter((p) => p.severity === "error");
  return (
    <main id="main" tabIndex={-1} className={kind === "procedure" ? "editor with-preview" : "editor"}>
      <div className="form-side">
        <h1>{KIND_NAMES[kind]}{kind !== "office" ? `: ${id}` : ""}</h1>
        <div className="toolbar">
          <button type="button" className="btn primary" id="save" onClick={() => save(false)}
                  disabled={file && file.may_edit === false}>{T.save}</button>
          {needsDraft ? (
            <button type="button" className="btn" id="save-draft" onClick={() => save(true)}>{T.saveDraft}</button>
          ) : null}
          <a className="btn" href="#/">{T.backHome}</a>
          <span className="dirty">{dirty ? T.unsaved : ""}</span>
        </div>
        <Status tone={state.tone}>{state.text}</Status>
        {file && file.may_edit === false ? <p className="note" id="read-only">{T.readOnly}</p> : null}
        {needsDraft ? <p className="note">{T.draftExplain}</p> : null}
        {conflict ? (
          <div className="conflict" role="alert">
            <p><strong>{T.conflictTitle}</strong></p>
            <p>{T.conflictExplain}</p>
            <button type="button" className="btn" id="conflict-reload" onClick={() => load()}>{T.reload}</button>{" "}
            <button type="button" className="btn" id="conflict-overwrite"
                    onClick={() => save(false, conflict.current_hash || hashOf(conflict))}>{T.keepMine}</button>
            <details open>
              <summary>{T.showDiff}</summary>
              <pre className="diff">{conflict.diff}</pre>
            </details>
          </div>
        ) : null}
        <p className="summary" id="check-summary">
          {check ? (errors ? T.fileErrors(errors) : T.fileOk) : T.checking}
          {check && check.warnings ? " " + T.fileWarnings(check.warnings) : ""}
        </p>
        {problems.length ? (
          <details className="problems">
            <summary>{T.allProblems}</summary>
            <ul>
              {problems.map((p, i) => (
                <li key={i} className={p.severity === "error" ? "err" : "warn"}>
                  <code>{p.path || T.wholeFile}</code> {p.message}{p.hint ? " — " + p.hint : ""}
                  <span className="en" lang="en"> ({p.message_en})</span>
                </li>
              ))}
            </ul>
          </details>
        ) : null}
        {others.length ? (
          <div className="note">
            <p>{T.otherFiles}</p>
            <ul>{others.slice(0, 8).map((p, i) => <li key={i}><code>{p.file}</code> {p.path} {p.message}{p.hint ? " — " + p.hint : ""}</li>)}</ul>
          </div>
        ) : null}
        <Form
          schema={shownSchema}
          formData={data}
          validator={validator}
          noValidate
          showErrorList={false}
          extraErrors={(check && check.nested) || {}}
          onChange={onChange}
          templates={templates}
          widgets={widgets}
          translateString={translateString}
          idPrefix="f"
          uiSchema={{ id: { "ui:readonly": true } }}
          experimental_defaultFormStateBehavior={{ emptyObjectFields: "skipDefaults", arrayMinItems: { populate: "never" } }}
        />
        <div className="toolbar bottom">
          <button type="button" className="btn primary" onClick={() => save(false)}>{T.save}</button>
        </div>
      </div>
      {kind === "procedure" ? (
        <aside className="preview-side" aria-labelledby="h-preview">
          <h2 id="h-preview">{T.preview}</h2>
          <p className="field-help">{preview.seconds ? T.previewTime(preview.seconds) : T.previewHelp}</p>
          {preview.html ? (
            <iframe title={T.previewFrame} srcDoc={preview.html} sandbox="allow-same-origin" />
          ) : (
            <p className="note">{preview.message || T.loading}</p>
          )}
        </aside>
      ) : null}
    </main>
  );
}
function hashOf(conflict) {
  return conflict.current_hash || "";
}

// ------------------------------------------------------------------ jobs: build the site, make my manual
function useJob() {
  const [job, setJob] = useState(null);
  const timer = useRef(null);
  const start = (path, body) =>
    api("POST", path, body || {}).then((j) => {
      setJob(j);
      const poll = () =>
        api("GET", `/api/jobs/${j.id}`).then((now) => {
          setJob(now);
          if (now.state === "running") timer.current = setTimeout(poll, 700);
        });
      timer.current = setTimeout(poll, 500);
    });
  useEffect(() => () => clearTimeout(timer.current), []);
  return [job, start, setJob];
}
function JobView({ job }) {
  if (!job) return null;
  const running = job.state === "running";
  return (
    <div className="job">
      <Status tone={job.state === "failed" ? "err" : job.state === "done" ? "ok" : ""}>
        {running ? T.working(job.seconds) : job.message}
      </Status>
      {running ? <progress aria-label={T.progress} /> : <progress aria-label={T.progress} value="1" max="1" />}
      <pre className="log" tabIndex={0} aria-label={T.log}>{(job.lines || []).join("\n")}</pre>
      {job.files && job.files.length ? (
        <ul className="downloads">
          {job.files.map((f) => (
            <li key={f}><a className="btn" href={`/api/jobs/${job.id}/files/${encodeURIComponent(f)}`} download>{T.download} {f}</a></li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
function Build() {
  const [job, start] = useJob();
  const [error, setError] = useState("");
  return (
    <main id="main" tabIndex={-1} className="narrow">
      <h1>{T.buildTitle}</h1>
      <p>{T.buildExplain}</p>
      <button type="button" className="btn primary" id="build-start" disabled={job && job.state === "running"}
              onClick={() => start("/api/jobs/build").catch((e) => setError(e.message))}>{T.buildStart}</button>
      {error ? <Status tone="err">{error}</Status> : null}
      <JobView job={job} />
      {job && job.state === "done" ? (
        <p><a className="btn" href="/site/index.html" target="_blank" rel="noopener">{T.openSite}</a></p>
      ) : null}
    </main>
  );
}

function MyManual({ me }) {
  const [home, setHome] = useState(null);
  const [officer, setOfficer] = useState(me.user || "");
  const [ticked, setTicked] = useState([]);
  const [chain, setChain] = useState(null);
  const [chainSchema, setChainSchema] = useState(null);
  const [job, start] = useJob();
  const [state, setState] = useState({ text: "", tone: "" });
  useEffect(() => {
    api("GET", "/api/home").then(setHome);
    api("GET", "/api/schema/officer").then((s) => {
      const c = s.properties.approval_chain;
      setChainSchema({ ...c, $defs: s.$defs, title: T.approvalChain });
    });
  }, []);
  useEffect(() => {
    if (!officer || !home) return;
    const mine = home.procedures.filter((p) => (p.owners || []).includes(officer)).map((p) => p.id);
    setTicked(mine);
    api("GET", `/api/file/officer/${officer}`).then((f) => setChain(f.data.approval_chain || {}));
  }, [officer, home]);
  if (!home) return <main id="main" tabIndex={-1}><Status>{T.loading}</Status></main>;
  const make = async () => {
    try {
      setState({ text: T.saving, tone: "" });
      const existing = home.manuals.find((m) => m.kind === "personal" && m.author === officer);
      const mid = existing ? existing.id : officer;
      const mf = await api("GET", `/api/file/manual/${mid}`);
      const mdata = { ...mf.data, id: mid, kind: "personal", author: officer, procedures: ticked };
      await api("POST", `/api/save/manual/${mid}`, { data: mdata, hash: mf.hash });
      const of = await api("GET", `/api/file/officer/${officer}`);
      if (chain && Object.keys(chain).length) {
        await api("POST", `/api/save/officer/${officer}`, { data: { ...of.data, approval_chain: chain }, hash: of.hash });
      }
      setState({ text: T.printing, tone: "" });
      await start("/api/jobs/manual", { id: mid, formats: ["pdf", "docx"] });
    } catch (e) {
      setState({ text: e.message, tone: "err" });
    }
  };
  return (
    <main id="main" tabIndex={-1} className="narrow">
      <h1>{T.myManual}</h1>
      <p>{T.myManualExplain}</p>
      <label htmlFor="mm-officer">{T.whoAreYou}</label>
      <select id="mm-officer" value={officer} onChange={(e) => setOfficer(e.target.value)} disabled={!!me.user && !me.edits_all}>
        <option value="">{T.choose}</option>
        {home.officers.map((o) => <option key={o.id} value={o.id}>{o.name} ({o.id})</option>)}
      </select>
      {officer ? (
        <>
          <fieldset>
            <legend>{T.tickProcedures}</legend>
            {home.procedures.map((p) => (
              <div key={p.id} className="check">
                <input type="checkbox" id={`mm-p-${p.id}`} checked={ticked.includes(p.id)}
                       onChange={(e) => setTicked(e.target.checked ? [...ticked, p.id] : ticked.filter((x) => x !== p.id))} />
                <label htmlFor={`mm-p-${p.id}`}>{p.name}</label>
              </div>
            ))}
          </fieldset>
          {chainSchema && chain ? (
            <Form schema={chainSchema} formData={chain} validator={validator} noValidate onChange={({ formData }) => setChain(formData)}
                  templates={templates} widgets={widgets} translateString={translateString} idPrefix="mm"
                  experimental_defaultFormStateBehavior={{ emptyObjectFields: "skipDefaults" }} />
          ) : null}
          <p><button type="button" className="btn primary" id="mm-make" disabled={!ticked.length || (job && job.state === "running")}
                     onClick={make}>{T.makeManual}</button></p>
        </>
      ) : null}
      <Status tone={state.tone}>{state.text}</Status>
      <JobView job={job} />
    </main>
  );
}

// ------------------------------------------------------------------ import a manual by dropping it
function Import() {
  const [result, setResult] = useState(null);
  const [state, setState] = useState({ text: "", tone: "" });
  const [over, setOver] = useState(false);
  const send = (f) => {
    if (!f) return;
    setState({ text: T.reading(f.name), tone: "" });
    f.arrayBuffer().then((buf) =>
      api("POST", "/api/import", buf, { "X-File-Name": encodeURIComponent(f.name), "Content-Type": "application/octet-stream" })
        .then((r) => { setResult(r); setState({ text: T.importDone(r.drafts.length), tone: r.drafts.length ? "ok" : "warn" }); })
        .catch((e) => setState({ text: e.message, tone: "err" })));
  };
  return (
    <main id="main" tabIndex={-1} className="narrow">
      <h1>{T.importTitle}</h1>
      <p>{T.importExplain}</p>
      <div className={"drop" + (over ? " over" : "")}
           onDragOver={(e) => { e.preventDefault(); setOver(true); }} onDragLeave={() => setOver(false)}
           onDrop={(e) => { e.preventDefault(); setOver(false); send(e.dataTransfer.files[0]); }}>
        <p>{T.dropHere}</p>
        <label htmlFor="import-file" className="btn">{T.chooseFile}</label>
        <input id="import-file" className="visually-hidden" type="file" accept=".docx,.pdf,.txt,.md" onChange={(e) => send(e.target.files[0])} />
      </div>
      <Status tone={state.tone}>{state.text}</Status>
      {result && result.drafts.length ? (
        <p>
          <button type="button" className="btn primary" id="import-save-all" onClick={() => {
            setState({ text: T.saving, tone: "" });
            api("POST", "/api/import/save", { drafts: result.drafts.map(({ kind, id, text }) => ({ kind, id, text })) })
              .then((r) => setState({ text: T.importSaved(r.saved.length, r.drafts.length), tone: r.drafts.length ? "warn" : "ok" }))
              .catch((e) => setState({ text: e.message, tone: "err" }));
          }}>{T.importSaveAll}</button>
        </p>
      ) : null}
      {result ? (
        <ul className="drafts">
          {result.drafts.map((d) => (
            <li key={d.kind + d.id}>
              <p><strong>{KIND_NAMES[d.kind]}: {d.id}</strong>{" "}
                <button type="button" className="btn" onClick={() => { window.__importDraft = d; go(`#/edit/${d.kind}/${d.id}?imported`); }}>
                  {T.reviewDraft}
                </button>
              </p>
              <details><summary>{T.showYaml}</summary><pre className="diff">{d.text}</pre></details>
            </li>
          ))}
        </ul>
      ) : null}
    </main>
  );
}

// ------------------------------------------------------------------ sign-in (office network)
function Login({ onDone }) {
  const [officer, setOfficer] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState("");
  return (
    <main id="main" tabIndex={-1} className="narrow">
      <h1>{T.signIn}</h1>
      <form onSubmit={(e) => {
        e.preventDefault();
        api("POST", "/api/login", { officer, password }).then(onDone).catch((x) => setError(x.message));
      }}>
        <label htmlFor="login-officer">{T.officerId}</label>
        <input id="login-officer" value={officer} autoComplete="username" onChange={(e) => setOfficer(e.target.value.trim())} />
        <label htmlFor="login-password">{T.password}</label>
        <input id="login-password" type="password" value={password} autoComplete="current-password" onChange={(e) => setPassword(e.target.value)} />
        {error ? <p className="field-errors err" role="alert">{error}</p> : null}
        <p><button type="submit" className="btn primary">{T.signIn}</button></p>
      </form>
    </main>
  );
}

// ------------------------------------------------------------------ the page
function useHash() {
  const [hash, setHash] = useState(window.location.hash || "#/");
  useEffect(() => {
    const on = () => setHash(window.location.hash || "#/");
    window.addEventListener("hashchange", on);
    return () => window.removeEventListener("hashchange", on);
  }, []);
  return hash;
}
function App() {
  const [me, setMe] = useState(null);
  const hash = useHash();
  const refresh = () => session().then(setMe);
  useEffect(() => { refresh(); }, []);
  useEffect(() => { window.scrollTo(0, 0); }, [hash]);
  if (!me) return <Status>{T.loading}</Status>;
  const needLogin = me.sign_in && !me.user;
  const [path, query] = hash.slice(1).split("?");
  const parts = path.split("/").filter(Boolean);
  let screen;
  if (needLogin) screen = <Login onDone={refresh} />;
  else if (parts[0] === "edit" && parts[1]) {
    const draft = query === "imported" && window.__importDraft ? window.__importDraft.data : null;
    screen = <Editor key={path} kind={parts[1]} id={parts[2] || ""} initial={draft} />;
  } else if (parts[0] === "new" && parts[1]) screen = <NewFile key={path} kind={parts[1]} />;
  else if (parts[0] === "build") screen = <Build />;
  else if (parts[0] === "my-manual") screen = <MyManual me={me} />;
  else if (parts[0] === "import") screen = <Import />;
  else screen = <Home me={me} />;
  return (
    <>
      <a className="skip" href="#main" onClick={(e) => { e.preventDefault(); document.getElementById("main")?.focus(); }}>{T.skip}</a>
      <header className="top">
        <a className="brand" href="#/">{T.appName}</a>
        <nav aria-label={T.menu}>
          <a href="#/">{T.home}</a>
          <a href="#/my-manual">{T.myManual}</a>
          <a href="#/build">{T.buildShort}</a>
          <a href="#/import">{T.importShort}</a>
        </nav>
        {me.user ? (
          <span className="me">{me.user_name || me.user}{" "}
            <button type="button" className="btn-small" onClick={() => api("POST", "/api/logout").then(refresh)}>{T.signOut}</button>
          </span>
        ) : null}
      </header>
      {screen}
    </>
  );
}

createRoot(document.getElementById("app")).render(<App />);

package config

import (
	"gopkg.in/yaml.v3"
)

// environments walks the `environments` list. The result has one entry per
// list item, so environments[i] in a problem's key is Environments[i].
func (p *configParser) environments(path string, n *yaml.Node) []Environment {
	items, ok := p.list(path, n, "environments (- name: staging)")
	if !ok {
		return nil
	}
	if len(items) == 0 {
		p.addf(path, n.Line, "is empty: list at least one environment, like - name: staging")
	}
	envs := make([]Environment, len(items))
	for i, item := range items {
		envs[i] = p.environment(keyIndex(path, i), item)
	}
	return envs
}

// environment walks one item of `environments`, applying defaults.
func (p *configParser) environment(path string, n *yaml.Node) Environment {
	e := Environment{Sync: SyncAuto, Watch: DefaultWatch, ProgressDeadline: DefaultProgressDeadline}
	p.fields(path, n, []configField{
		{name: "name", required: true, hint: "a lowercase name such as production",
			parse: func(k string, v *yaml.Node) {
				if s, ok := p.str(k, v); ok && p.dnsLabel(k, v.Line, s, "environment", reservedEnvNames) {
					e.Name = s
				}
			}},
		{name: "aliases", parse: func(k string, v *yaml.Node) {
			e.Aliases = p.strList(k, v, "short names", func(k string, line int, s string) bool {
				return p.dnsLabel(k, line, s, "alias", reservedEnvNames)
			})
		}},
		{name: "after", parse: func(k string, v *yaml.Node) { e.After, _ = p.str(k, v) }},
		{name: "soak", parse: func(k string, v *yaml.Node) { e.Soak = p.nonNegative(k, v) }},
		{name: "approvals", parse: func(k string, v *yaml.Node) { e.Approvals = p.count(k, v) }},
		{name: "approvers", parse: func(k string, v *yaml.Node) {
			e.Approvers = p.strList(k, v, "Slack user or user-group IDs", p.approver)
		}},
		{name: "promoters", parse: func(k string, v *yaml.Node) {
			e.Promoters = p.strList(k, v, "Slack user or user-group IDs, or automation:NAME", p.promoter)
		}},
		{name: "sync", parse: func(k string, v *yaml.Node) { e.Sync = p.syncPolicy(k, v) }},
		{name: "watch", parse: func(k string, v *yaml.Node) { e.Watch = p.positive(k, v, DefaultWatch) }},
		{name: "progressDeadline", parse: func(k string, v *yaml.Node) {
			e.ProgressDeadline = p.positive(k, v, DefaultProgressDeadline)
		}},
		{name: "labels", parse: func(k string, v *yaml.Node) { e.Labels = p.strList(k, v, "GitHub labels", p.label) }},
		{name: "rollback", parse: func(k string, v *yaml.Node) { e.Rollback = p.rollback(k, v) }},
		{name: "monitoring", parse: func(k string, v *yaml.Node) { e.Monitoring = p.monitoring(k, v) }},
		{name: "freeze", parse: func(k string, v *yaml.Node) { e.Freeze = p.freezeWindows(k, v) }},
		{name: "approverNotAuthor", parse: func(k string, v *yaml.Node) { e.ApproverNotAuthor = p.boolean(k, v) }},
		{name: "unapprovedMerge", parse: func(k string, v *yaml.Node) { e.UnapprovedMerge = p.unapprovedMerge(k, v) }},
	})
	return e
}

// syncPolicy returns auto or manual.
func (p *configParser) syncPolicy(path string, n *yaml.Node) SyncPolicy {
	s, ok := p.str(path, n)
	switch SyncPolicy(s) {
	case SyncAuto, SyncManual:
		return SyncPolicy(s)
	}
	if ok {
		p.addf(path, n.Line, "must be auto (Argo CD syncs by itself) or manual (the bot syncs after merge), not %s", describeNode(n))
	}
	return SyncAuto
}

// unapprovedMerge returns alert or rollback; "" (left out) means alert.
func (p *configParser) unapprovedMerge(path string, n *yaml.Node) UnapprovedMergePolicy {
	s, ok := p.str(path, n)
	switch UnapprovedMergePolicy(s) {
	case UnapprovedAlert, UnapprovedRollback:
		return UnapprovedMergePolicy(s)
	}
	if ok {
		p.addf(path, n.Line, "must be alert (warn the channel and keep watching) or rollback (also revert the merge at once), not %s", describeNode(n))
	}
	return ""
}

// label checks a GitHub label.
func (p *configParser) label(path string, line int, s string) bool {
	if s == "" || len(s) > 50 {
		p.addf(path, line, "a GitHub label must have 1 to 50 characters")
		return false
	}
	return true
}

// rollback walks an environment's `rollback` section.
func (p *configParser) rollback(path string, n *yaml.Node) RollbackPolicy {
	var r RollbackPolicy
	p.fields(path, n, []configField{
		{name: "approvals", parse: func(k string, v *yaml.Node) { r.Approvals = p.count(k, v) }},
	})
	return r
}

// monitoring returns a monitoring URL template over {service} and {env}.
func (p *configParser) monitoring(path string, n *yaml.Node) string {
	s, ok := p.template(path, n, nameVars)
	if !ok {
		return ""
	}
	sample := ExpandTemplate(s, map[string]string{"service": "api", "env": "production"})
	if !isHTTPURL(sample) {
		p.addf(path, n.Line, "%q is not an http(s) URL template: write an absolute URL over {service} and {env}, like https://grafana.example.com/d/{service}?var-env={env}", s)
		return ""
	}
	return s
}

package com.bookiji.reconciler.repairs.domain;

/** Per repair type: carried out by the auditor, proposed to an OPS user for approval, or never. */
public enum RepairMode { AUTO, PROPOSE, OFF }

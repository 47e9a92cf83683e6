/** Not API: the JSON form of portable job descriptions. */
package dev.finetune4j.portable.internal;

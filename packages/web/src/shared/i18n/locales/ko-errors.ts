/** API의 고정 오류 코드(모든 오류 응답의 `{error}`)와 HTTP 상태에 대한 한국어 문구. */
import type { LocaleShape } from '../locale-shape';
import type { enErrors } from './en-errors';

export const koErrors: LocaleShape<typeof enErrors> = {
  errorCodes: {
    validation_error: '올바르지 않은 값이 있습니다.',
    bad_request: '요청이 올바르지 않습니다.',
    unauthorized: '세션이 끝났습니다. 다시 로그인하세요.',
    invalid_credentials: '사용자 이름 또는 비밀번호가 틀렸습니다.',
    too_many_attempts: '시도 횟수가 너무 많습니다. 1분 뒤에 다시 시도하세요.',
    csrf_failed: '페이지가 오래되었습니다. 새로고침한 뒤 다시 시도하세요.',
    forbidden: '이 작업을 할 권한이 없습니다.',
    project_forbidden: '이 프로젝트에 접근할 권한이 없습니다.',
    unknown_project: '없는 프로젝트입니다.',
    not_found: '없거나 삭제되었습니다.',
    conflict: '이미 있거나 다른 사람이 먼저 바꿨습니다.',
    invalid_transition: '현재 상태에서는 이렇게 바꿀 수 없습니다.',
    invalid_yaml: 'YAML을 읽을 수 없습니다.',
    json_too_deep: 'JSON이 너무 깊게 중첩되어 있습니다.',
    no_version_in_force: '아직 적용 중인 버전이 없습니다.',
    too_large: '너무 큽니다.',
    payload_too_large: '서버가 받는 크기보다 큽니다.',
    unsupported_media_type: '서버가 이 콘텐츠 형식을 받지 않습니다.',
    compare_too_large: '여기서 비교하기에는 실행이 너무 큽니다.',
    compare_timeout: '비교에 시간이 너무 오래 걸렸습니다.',
    rate_limited: '요청이 너무 많습니다. 잠시 뒤에 다시 시도하세요.',
    busy: '서버가 바쁩니다. 잠시 뒤에 다시 시도하세요.',
    unavailable: '서버가 지금은 이 작업을 할 수 없습니다. 잠시 뒤에 다시 시도하세요.',
    not_implemented: '서버가 지원하지 않는 기능입니다.',
    internal_error: '서버가 이 요청을 처리하지 못했습니다. 기록이 남았습니다.',
    network_error: '서버에 연결할 수 없습니다. 서버가 실행 중인지, 네트워크를 확인하세요.',
  },
  errorStatus: {
    '400': '요청이 올바르지 않습니다.',
    '401': '세션이 끝났습니다. 다시 로그인하세요.',
    '403': '이 작업을 할 권한이 없습니다.',
    '404': '없거나 삭제되었습니다.',
    '409': '이미 있거나 다른 사람이 먼저 바꿨습니다.',
    '413': '너무 큽니다.',
    '429': '요청이 너무 많습니다. 잠시 뒤에 다시 시도하세요.',
    '4xx': '요청이 거절되었습니다.',
    '5xx': '서버가 이 요청을 처리하지 못했습니다.',
  },
  errorFields: {
    invalid: '{{field}}: 올바르지 않은 값',
  },
};
